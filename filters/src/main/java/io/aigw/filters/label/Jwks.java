package io.aigw.filters.label;

import io.aigw.filters.json.JsonMappers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A JSON Web Key Set of Ed25519 receipt keys: what {@code GET /.well-known/aigc-keys} serves and
 * what verifiers read. Immutable and thread-safe.
 *
 * @param keys the keys, the active signing key first; kids are unique
 */
public record Jwks(List<Jwk> keys) {

    /**
     * @throws IllegalArgumentException naming the kid when two keys share it
     */
    public Jwks {
        keys = List.copyOf(keys);
        for (int i = 0; i < keys.size(); i++) {
            for (int j = i + 1; j < keys.size(); j++) {
                if (keys.get(i).kid().equals(keys.get(j).kid())) {
                    throw new IllegalArgumentException("duplicate kid in JWKS: '" + keys.get(i).kid() + "'");
                }
            }
        }
    }

    /** The key with this kid, if published. */
    public Optional<Jwk> find(String kid) {
        for (Jwk k : keys) {
            if (k.kid().equals(kid)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** {@code {"keys":[{"kty":"OKP","crv":"Ed25519","x":…,"kid":…,"use":"sig","alg":"EdDSA"},…]}}. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(16 + keys.size() * 160).append("{\"keys\":[");
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(keys.get(i).toJson());
        }
        return sb.append("]}").toString();
    }

    /**
     * Reads a JWKS. Keys that are not Ed25519 OKP keys, or are marked for another use or
     * algorithm, are skipped (a set may publish other keys); Ed25519 keys without a kid get their
     * thumbprint.
     *
     * @param source names the document in messages, for example a file path
     * @throws IllegalArgumentException naming {@code source} when the text is not a JSON object with
     *     a {@code keys} array, or an Ed25519 key in it is malformed
     */
    public static Jwks parse(String source, String json) {
        JsonNode root;
        try {
            root = JsonMappers.json().readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + ": not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode keys = root == null ? null : root.get("keys");
        if (keys == null || !keys.isArray()) {
            throw new IllegalArgumentException(source + ": a JWKS needs a \"keys\" array");
        }
        List<Jwk> result = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            JsonNode k = keys.get(i);
            if (!"OKP".equals(text(k, "kty")) || !"Ed25519".equals(text(k, "crv"))
                    || !isAbsentOr(k, "use", "sig") || !isAbsentOr(k, "alg", "EdDSA")) {
                continue;
            }
            String x = text(k, "x");
            if (x == null) {
                throw new IllegalArgumentException(source + ": keys[" + i + "] has no \"x\"");
            }
            String kid = text(k, "kid");
            try {
                result.add(new Jwk(kid == null ? Jwk.thumbprint(x) : kid, x));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": keys[" + i + "]: " + e.getMessage(), e);
            }
        }
        try {
            return new Jwks(result);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    private static boolean isAbsentOr(JsonNode node, String field, String expected) {
        return node.get(field) == null || expected.equals(text(node, field));
    }
}
