package io.aigw.filters.label;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
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
 * <p>Thread-safe: each call uses its own {@link Signature}.
 */
public final class ReceiptSigner {

    /** The JWS {@code typ} of receipts (explicit typing, RFC 8725 §3.11). */
    public static final String TYP = "aigc-receipt+jwt";

    private final SigningKey key;
    /** The encoded protected header and the dot, the same for every receipt of this key. */
    private final String headerPrefix;

    /** @param key the active signing key; never null */
    public ReceiptSigner(SigningKey key) {
        this.key = Objects.requireNonNull(key, "key");
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
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key.privateKey());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Receipts.base64Url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed for kid " + key.kid(), e);
        }
    }

    @Override
    public String toString() {
        return "ReceiptSigner[kid=" + key.kid() + "]";
    }
}
