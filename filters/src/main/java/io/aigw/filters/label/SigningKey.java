package io.aigw.filters.label;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Objects;

/**
 * An Ed25519 private key with its published form. Immutable.
 *
 * @param jwk the public half as published (its kid goes into receipt headers)
 * @param privateKey the signing key
 */
public record SigningKey(Jwk jwk, PrivateKey privateKey) {

    /** @throws NullPointerException when a component is null */
    public SigningKey {
        Objects.requireNonNull(jwk, "jwk");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** The signing key of an Ed25519 key pair. */
    public static SigningKey of(KeyPair pair) {
        return new SigningKey(Jwk.of(pair.getPublic()), pair.getPrivate());
    }

    /** The key id: the RFC 7638 thumbprint of the public key. */
    public String kid() {
        return jwk.kid();
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + jwk.kid() + "]";
    }
}
