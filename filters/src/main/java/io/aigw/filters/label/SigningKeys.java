package io.aigw.filters.label;

import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The receipt keys in force: one active signing key and the public keys still published so that
 * receipts signed before a rotation keep verifying. Immutable and thread-safe; a rotation makes a
 * new instance (see {@link SigningKeyDirectory#rotate()}), which the gateway swaps in atomically.
 */
public final class SigningKeys {

    private final SigningKey active;
    private final Jwks jwks;
    private final ReceiptSigner signer;

    /**
     * @param active the key that signs from now on
     * @param retired public keys of earlier signing keys, newest first; the active key is skipped
     *     if it appears here
     * @throws NullPointerException when an argument is null
     * @throws IllegalStateException when a receipt signed with the key does not verify with its
     *     public key (a private key paired with the wrong public key)
     */
    public SigningKeys(SigningKey active, List<Jwk> retired) {
        this(active, retired, null);
    }

    private SigningKeys(SigningKey active, List<Jwk> retired, Provider provider) {
        this.active = Objects.requireNonNull(active, "active");
        List<Jwk> published = new ArrayList<>();
        published.add(active.jwk());
        for (Jwk k : retired) {
            if (!k.kid().equals(active.kid())) {
                published.add(k);
            }
        }
        this.jwks = new Jwks(published);
        this.signer = new ReceiptSigner(active, provider);
        selfTest();
    }

    /**
     * The same keys, signing through {@code provider} (for example a BouncyCastle provider,
     * several times faster than the JDK's Ed25519).
     *
     * @param provider a JCA provider with an {@code Ed25519} signature, or {@code null} for the
     *     default provider order
     * @throws IllegalArgumentException when {@code provider} has no Ed25519 signature
     */
    public SigningKeys withSignatureProvider(Provider provider) {
        return new SigningKeys(active, jwks.keys(), provider);
    }

    /** Keys held only in memory (tests, benchmarks, a gateway with no key directory). */
    public static SigningKeys generateInMemory() {
        return new SigningKeys(SigningKey.of(Ed25519Keys.generate()), List.of());
    }

    /** The key that signs new receipts. */
    public SigningKey active() {
        return active;
    }

    /** The signer for the active key. */
    public ReceiptSigner signer() {
        return signer;
    }

    /** Every published key, the active one first. */
    public Jwks jwks() {
        return jwks;
    }

    /**
     * Signs and verifies one receipt at construction: a key or provider that cannot produce
     * verifiable receipts fails at start-up, not on the first answer, and the signing code is
     * loaded and warmed before traffic.
     */
    private void selfTest() {
        String text = "self-test";
        ReceiptClaims probe = new ReceiptClaims("self-test", "self-test", "self-test", 0,
                Receipts.contentSha256(text), "none", false);
        ReceiptVerification result = ReceiptVerifier.verify(text, signer.sign(probe), jwks);
        if (!result.valid()) {
            throw new IllegalStateException("signing key " + active.kid() + " fails its self-test: "
                    + result.reason().code());
        }
    }

    @Override
    public String toString() {
        return "SigningKeys[active=" + active.kid() + ", published=" + jwks.keys().size() + "]";
    }
}
