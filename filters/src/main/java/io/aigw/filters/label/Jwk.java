package io.aigw.filters.label;

import io.aigw.filters.json.JsonMappers;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;

/**
 * One published Ed25519 verification key (RFC 8037 OKP JWK). Immutable.
 *
 * <p>The {@code kid} is the RFC 7638 thumbprint: base64url (no padding) of SHA-256 over
 * {@code {"crv":"Ed25519","kty":"OKP","x":"<x>"}}, so any party can recompute it from the key.
 *
 * @param kid the key id
 * @param x the raw 32-byte public key, base64url without padding
 */
public record Jwk(String kid, String x) {

    /**
     * Validates the key.
     *
     * @throws IllegalArgumentException naming the value when {@code x} is not 32 bytes of unpadded
     *     base64url, or {@code kid} is empty
     * @throws NullPointerException when a component is null
     */
    public Jwk {
        if (kid.isEmpty()) {
            throw new IllegalArgumentException("JWK kid must not be empty");
        }
        byte[] raw;
        try {
            raw = Receipts.fromBase64Url(x);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("JWK x is not base64url: '" + x + "'", e);
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("JWK x must hold 32 bytes, has " + raw.length + ": '" + x + "'");
        }
    }

    /** The JWK of a public key, with its thumbprint as kid. */
    public static Jwk of(PublicKey key) {
        String x = Receipts.base64Url(Ed25519Keys.x(key));
        return new Jwk(thumbprint(x), x);
    }

    /** The RFC 7638 thumbprint of the Ed25519 key with raw bytes {@code x} (base64url). */
    public static String thumbprint(String x) {
        String canonical = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}";
        return Receipts.base64Url(Receipts.sha256().digest(canonical.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The key, for verification. */
    public PublicKey publicKey() {
        return Ed25519Keys.fromX(Receipts.fromBase64Url(x));
    }

    /** {@code {"kty":"OKP","crv":"Ed25519","x":…,"kid":…,"use":"sig","alg":"EdDSA"}}. */
    public String toJson() {
        // x is validated base64url; a kid read from a foreign JWKS may need escaping.
        return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\",\"kid\":"
                + JsonMappers.json().writeValueAsString(kid) + ",\"use\":\"sig\",\"alg\":\"EdDSA\"}";
    }
}
