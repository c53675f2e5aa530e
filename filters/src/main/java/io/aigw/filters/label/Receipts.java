package io.aigw.filters.label;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Shared encodings of the receipt format. Stateless and thread-safe.
 *
 * <p>All binary values (signatures, hashes, keys) are base64url without padding, as in JOSE.
 */
public final class Receipts {

    /** The header carrying the receipt of a non-streaming answer. */
    public static final String HEADER = "AIGC-Receipt";
    /** The JSON field carrying the receipt in the last data event of a stream. */
    public static final String JSON_FIELD = "aigc_receipt";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private Receipts() {
    }

    /**
     * The ReservedCode1 value for a receipt: base64url (no padding) of SHA-256 over the ASCII
     * bytes of the compact JWS, 43 characters.
     */
    public static String digest(String compactJws) {
        return base64Url(sha256().digest(compactJws.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * The {@code content_sha256} claim for a text: base64url (no padding) of SHA-256 over its
     * UTF-8 bytes, as {@link String#getBytes(java.nio.charset.Charset)} encodes them.
     */
    public static String contentSha256(String text) {
        return base64Url(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The {@code content_sha256} claim for text already encoded as UTF-8. */
    public static String contentSha256(byte[] utf8) {
        return base64Url(sha256().digest(utf8));
    }

    static String base64Url(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    /** @throws IllegalArgumentException when {@code text} is not unpadded base64url */
    static byte[] fromBase64Url(String text) {
        if (text.indexOf('=') >= 0) {
            throw new IllegalArgumentException("base64url must not be padded");
        }
        return B64_DECODER.decode(text);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
