package io.aigw.filters.label;

import io.aigw.filters.json.JsonMappers;
import io.aigw.filters.label.ReceiptVerification.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Checks a receipt against a text: the JWS is well-formed, its kid is published, its Ed25519
 * signature verifies, and the SHA-256 of the text equals its {@code content_sha256} claim. Backs
 * {@code POST /aigc/verify} and {@link VerifyReceiptCli}. Stateless and thread-safe; never throws
 * for bad input, every failure is a {@link ReceiptVerification} with a reason.
 */
public final class ReceiptVerifier {

    private ReceiptVerifier() {
    }

    /**
     * Verifies {@code receipt} for the text {@code content}.
     *
     * @param content the text as delivered (label included); {@code null} counts as a mismatch
     * @param receipt the compact JWS; {@code null} counts as malformed
     * @param keys the published keys
     */
    public static ReceiptVerification verify(String content, String receipt, Jwks keys) {
        return verify(content == null ? null : content.getBytes(StandardCharsets.UTF_8), receipt, keys);
    }

    /**
     * Verifies {@code receipt} for the text of choice {@code choice} of the answer (an OpenAI
     * {@code choices[i]}; an Anthropic message is choice 0).
     */
    public static ReceiptVerification verify(String content, String receipt, Jwks keys, int choice) {
        return verify(content == null ? null : content.getBytes(StandardCharsets.UTF_8), receipt, keys, choice);
    }

    /** As {@link #verify(String, String, Jwks)} with the content already UTF-8 encoded (exact file bytes). */
    public static ReceiptVerification verify(byte[] contentUtf8, String receipt, Jwks keys) {
        return verify(contentUtf8, receipt, keys, 0);
    }

    /**
     * As {@link #verify(String, String, Jwks, int)} with the content already UTF-8 encoded. A receipt
     * without the choice is a {@link Reason#CONTENT_MISMATCH}.
     */
    public static ReceiptVerification verify(byte[] contentUtf8, String receipt, Jwks keys, int choice) {
        Objects.requireNonNull(keys, "keys");
        if (receipt == null) {
            return ReceiptVerification.failed(Reason.MALFORMED, null, null);
        }
        String jws = receipt.strip();
        int dot1 = jws.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : jws.indexOf('.', dot1 + 1);
        if (dot1 <= 0 || dot2 <= dot1 + 1 || dot2 == jws.length() - 1 || jws.indexOf('.', dot2 + 1) >= 0) {
            return ReceiptVerification.failed(Reason.MALFORMED, null, null);
        }
        JsonNode header;
        byte[] signatureBytes;
        String payload;
        try {
            header = JsonMappers.json().readTree(decode(jws.substring(0, dot1)));
            payload = decode(jws.substring(dot1 + 1, dot2));
            signatureBytes = Receipts.fromBase64Url(jws.substring(dot2 + 1));
        } catch (IllegalArgumentException | JacksonException e) {
            return ReceiptVerification.failed(Reason.MALFORMED, null, null);
        }
        if (header == null || !header.isObject()) {
            return ReceiptVerification.failed(Reason.MALFORMED, null, null);
        }
        JsonNode kidNode = header.get("kid");
        String kid = kidNode != null && kidNode.isString() ? kidNode.stringValue() : null;
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isString() || !"EdDSA".equals(alg.stringValue()) || header.has("crit")) {
            return ReceiptVerification.failed(Reason.UNSUPPORTED_ALGORITHM, kid, null);
        }
        if (kid == null) {
            return ReceiptVerification.failed(Reason.MALFORMED, null, null);
        }
        Jwk key = keys.find(kid).orElse(null);
        if (key == null) {
            return ReceiptVerification.failed(Reason.UNKNOWN_KEY, kid, null);
        }
        if (!signatureVerifies(key, jws.substring(0, dot2), signatureBytes)) {
            return ReceiptVerification.failed(Reason.BAD_SIGNATURE, kid, null);
        }
        ReceiptClaims claims;
        try {
            claims = ReceiptClaims.fromJson(payload);
        } catch (IllegalArgumentException e) {
            return ReceiptVerification.failed(Reason.MALFORMED, kid, null);
        }
        String expected = claims.contentSha256Of(choice).orElse(null);
        if (contentUtf8 == null || expected == null || !MessageDigest.isEqual(
                Receipts.contentSha256(contentUtf8).getBytes(StandardCharsets.US_ASCII),
                expected.getBytes(StandardCharsets.US_ASCII))) {
            return ReceiptVerification.failed(Reason.CONTENT_MISMATCH, kid, claims);
        }
        return new ReceiptVerification(true, Reason.OK, kid, claims);
    }

    private static boolean signatureVerifies(Jwk key, String signingInput, byte[] signatureBytes) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key.publicKey());
            verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signatureBytes);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String decode(String base64Url) {
        return new String(Receipts.fromBase64Url(base64Url), StandardCharsets.UTF_8);
    }
}
