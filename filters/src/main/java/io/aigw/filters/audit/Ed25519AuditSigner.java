package io.aigw.filters.audit;

import io.aigw.filters.label.SigningKey;
import io.aigw.filters.label.SigningKeys;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Objects;

/**
 * Signs checkpoints with an Ed25519 key of the receipt key family, on the JDK's provider. The
 * audit key should live in its own directory ({@code data/audit-keys}, loaded with
 * {@link io.aigw.filters.label.SigningKeyDirectory}) so that it has its own {@code kid} and can be
 * rotated apart from the receipt key. Thread-safe: each call uses its own {@link Signature}.
 */
public final class Ed25519AuditSigner implements AuditSigner {

    private final SigningKey key;

    /** @throws NullPointerException when {@code key} is null */
    public Ed25519AuditSigner(SigningKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** A signer for the active key of {@code keys}. */
    public static Ed25519AuditSigner of(SigningKeys keys) {
        return new Ed25519AuditSigner(keys.active());
    }

    @Override
    public String kid() {
        return key.kid();
    }

    @Override
    public byte[] sign(byte[] input) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key.privateKey());
            signature.update(input);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed for audit kid " + key.kid(), e);
        }
    }

    @Override
    public String toString() {
        return "Ed25519AuditSigner[kid=" + key.kid() + "]";
    }
}
