package io.aigw.filters.label;

import java.security.MessageDigest;

/**
 * SHA-256 over the UTF-8 bytes of a text that arrives in pieces, without keeping the text.
 *
 * <p>The result equals {@link Receipts#contentSha256(String)} of the concatenated pieces, however
 * they were split, including between the two halves of a surrogate pair: a trailing high surrogate
 * waits for the next piece. An unpaired surrogate counts as {@code ?}, as
 * {@code String.getBytes(UTF_8)} encodes it. Not thread-safe: one instance per answer, fed in
 * delivery order.
 */
public final class DeliveredTextDigest {

    private final MessageDigest sha256 = Receipts.sha256();
    private final byte[] buffer = new byte[512];
    private int buffered;
    private char pendingHigh;
    private long chars;

    /**
     * Adds the next delivered piece.
     *
     * @throws NullPointerException when {@code piece} is null
     */
    public void update(CharSequence piece) {
        int n = piece.length();
        for (int i = 0; i < n; i++) {
            char c = piece.charAt(i);
            if (pendingHigh != 0) {
                char high = pendingHigh;
                pendingHigh = 0;
                if (Character.isLowSurrogate(c)) {
                    encode(Character.toCodePoint(high, c));
                    continue;
                }
                encode('?');
            }
            if (Character.isHighSurrogate(c)) {
                pendingHigh = c;
            } else if (Character.isLowSurrogate(c)) {
                encode('?');
            } else {
                encode(c);
            }
        }
        chars += n;
    }

    /** How many chars (UTF-16 units) were added. */
    public long length() {
        return chars;
    }

    /** Finishes the hash as base64url without padding; the digest cannot be used afterwards. */
    public String finish() {
        if (pendingHigh != 0) {
            pendingHigh = 0;
            encode('?');
        }
        sha256.update(buffer, 0, buffered);
        buffered = 0;
        return Receipts.base64Url(sha256.digest());
    }

    private void encode(int cp) {
        if (buffered > buffer.length - 4) {
            sha256.update(buffer, 0, buffered);
            buffered = 0;
        }
        if (cp < 0x80) {
            buffer[buffered++] = (byte) cp;
        } else if (cp < 0x800) {
            buffer[buffered++] = (byte) (0xC0 | cp >> 6);
            buffer[buffered++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            buffer[buffered++] = (byte) (0xE0 | cp >> 12);
            buffer[buffered++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buffer[buffered++] = (byte) (0x80 | cp & 0x3F);
        } else {
            buffer[buffered++] = (byte) (0xF0 | cp >> 18);
            buffer[buffered++] = (byte) (0x80 | cp >> 12 & 0x3F);
            buffer[buffered++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buffer[buffered++] = (byte) (0x80 | cp & 0x3F);
        }
    }
}
