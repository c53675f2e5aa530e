package io.aigw.filters.label;

import io.aigw.filters.json.JsonMappers;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outcome of {@link ReceiptVerifier#verify}. Immutable.
 *
 * @param valid whether the receipt is authentic and covers exactly the given content
 * @param reason why, see {@link Reason}
 * @param kid the kid named by the receipt, or {@code null} when the header could not be read
 * @param claims the claims when the signature verified (also for {@link Reason#CONTENT_MISMATCH}),
 *     else {@code null}
 */
public record ReceiptVerification(boolean valid, Reason reason, String kid, ReceiptClaims claims) {

    /** Why a receipt is (in)valid; {@link #code()} is the wire spelling. */
    public enum Reason {
        /** Signature verified with a published key and the content hash matches. */
        OK,
        /** Not a compact JWS, or its header or payload is not the receipt format. */
        MALFORMED,
        /** The header names an algorithm other than EdDSA, or critical extensions. */
        UNSUPPORTED_ALGORITHM,
        /** No published key has the receipt's kid. */
        UNKNOWN_KEY,
        /** The signature does not verify: the receipt was altered or signed by someone else. */
        BAD_SIGNATURE,
        /** The receipt is authentic but covers a different text. */
        CONTENT_MISMATCH;

        /** The lower-case wire code, for example {@code content_mismatch}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @throws IllegalArgumentException when {@code valid} disagrees with {@code reason} */
    public ReceiptVerification {
        Objects.requireNonNull(reason, "reason");
        if (valid != (reason == Reason.OK)) {
            throw new IllegalArgumentException("valid=" + valid + " contradicts reason " + reason);
        }
    }

    static ReceiptVerification failed(Reason reason, String kid, ReceiptClaims claims) {
        return new ReceiptVerification(false, reason, kid, claims);
    }

    /**
     * The answer of {@code POST /aigc/verify} and of the command-line verifier:
     * {@code {"valid":true,"reason":"ok","kid":"…","produce_id":"…",…}}; the claims members follow
     * when known.
     */
    public String toJson() {
        ObjectNode node = JsonMappers.json().createObjectNode();
        node.put("valid", valid);
        node.put("reason", reason.code());
        if (kid != null) {
            node.put("kid", kid);
        }
        if (claims != null) {
            node.setAll(claims.toJsonNode());
        }
        return JsonMappers.json().writeValueAsString(node);
    }
}
