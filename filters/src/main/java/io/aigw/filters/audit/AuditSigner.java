package io.aigw.filters.audit;

/**
 * Signs audit checkpoints. Implementations must be thread-safe; the writer calls them from its
 * own thread only.
 */
public interface AuditSigner {

    /** The key id written into each checkpoint; verifiers look the public key up by it. */
    String kid();

    /**
     * An Ed25519 signature over {@code input}.
     *
     * @throws IllegalStateException when signing fails
     */
    byte[] sign(byte[] input);
}
