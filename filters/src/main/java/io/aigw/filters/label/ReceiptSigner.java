package io.aigw.filters.label;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;
import java.util.Objects;

/**
 * Signs receipts as compact JWS (RFC 7515) with EdDSA over Ed25519 (RFC 8037), using the JDK's own
 * provider.
 *
 * <p>Protected header: {@code {"alg":"EdDSA","kid":"<thumbprint>","typ":"aigc-receipt+jwt"}}.
 * Payload: {@link ReceiptClaims#toJson()}. Ed25519 signing is deterministic: no
 * {@code SecureRandom}, no I/O, so it is safe on an event-loop thread.
 *
 * <p>Cost: the JDK's Ed25519 is correct but slow (no precomputed base-point tables; see the
 * {@code LabelingBenchmark} figures). A faster JCA provider, for example BouncyCastle's, can be
 * passed in without this module depending on it; Ed25519 signatures are deterministic, so every
 * provider produces the same receipt.
 *
 * <p>Thread-safe: each thread signs with its own {@link Signature}, initialised once and reused
 * ({@code sign()} resets it to its initialised state). Reuse matters: initialising converts the key
 * and, in BouncyCastle, derives the public key with a scalar multiplication on every first sign,
 * which doubles the cost of a receipt when done per answer. Event-loop threads are few and
 * long-lived, so the per-thread copies stay few.
 */
public final class ReceiptSigner {

    /** The JWS {@code typ} of receipts (explicit typing, RFC 8725 §3.11). */
    public static final String TYP = "aigc-receipt+jwt";

    private final SigningKey key;
    private final Provider provider;
    /** The encoded protected header and the dot, the same for every receipt of this key. */
    private final String headerPrefix;
    private final ThreadLocal<Signature> signatures = ThreadLocal.withInitial(this::newSignature);

    /** A signer on the JDK's default Ed25519 provider. */
    public ReceiptSigner(SigningKey key) {
        this(key, null);
    }

    /**
     * @param key the active signing key; never null
     * @param provider the JCA provider of {@code Ed25519} signatures, or {@code null} for the
     *     default provider order
     * @throws IllegalArgumentException when {@code provider} has no Ed25519 signature
     */
    public ReceiptSigner(SigningKey key, Provider provider) {
        this.key = Objects.requireNonNull(key, "key");
        this.provider = provider;
        if (provider != null && provider.getService("Signature", "Ed25519") == null) {
            throw new IllegalArgumentException("provider " + provider.getName() + " has no Ed25519 signature");
        }
        String header = "{\"alg\":\"EdDSA\",\"kid\":\"" + key.kid() + "\",\"typ\":\"" + TYP + "\"}";
        this.headerPrefix = Receipts.base64Url(header.getBytes(StandardCharsets.US_ASCII)) + ".";
    }

    /** The kid put in every receipt's header. */
    public String kid() {
        return key.kid();
    }

    /**
     * The compact JWS {@code header.payload.signature} over the claims: ASCII, no padding.
     *
     * @throws NullPointerException when {@code claims} is null
     * @throws IllegalStateException when the JDK refuses to sign (a broken key)
     */
    public String sign(ReceiptClaims claims) {
        String signingInput = headerPrefix
                + Receipts.base64Url(claims.toJson().getBytes(StandardCharsets.UTF_8));
        Signature signature = signatures.get();
        try {
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Receipts.base64Url(signature.sign());
        } catch (GeneralSecurityException e) {
            // A failed sign() leaves the Signature in an unknown state: start afresh next time.
            signatures.remove();
            throw new IllegalStateException("Ed25519 signing failed for kid " + key.kid(), e);
        }
    }

    private Signature newSignature() {
        try {
            Signature signature = provider == null
                    ? Signature.getInstance("Ed25519")
                    : Signature.getInstance("Ed25519", provider);
            signature.initSign(key.privateKey());
            return signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed for kid " + key.kid(), e);
        }
    }

    @Override
    public String toString() {
        return "ReceiptSigner[kid=" + key.kid() + ", provider="
                + (provider == null ? "default" : provider.getName()) + "]";
    }
}
