package io.aigw.filters.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The chain hash: base64url (no padding) of SHA-256 over the exact bytes of a line, without its
 * terminating {@code '\n'}. 43 ASCII characters, the same encoding as the receipts'
 * {@code content_sha256}. Stateless and thread-safe.
 */
public final class AuditHash {

    /** The {@code prev} of the very first line: the encoding of 32 zero bytes. */
    public static final String GENESIS = encode(new byte[32]);

    private AuditHash() {
    }

    /** The hash of {@code line[0, length)}. */
    public static String of(byte[] line, int length) {
        MessageDigest sha = sha256();
        sha.update(line, 0, length);
        return encode(sha.digest());
    }

    /** The hash of a whole line. */
    public static String of(byte[] line) {
        return of(line, line.length);
    }

    private static String encode(byte[] digest) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
