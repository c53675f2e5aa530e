package io.aigw.filters.sse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable run of bytes, unsynchronized: the parser's scratch space. Not thread-safe. */
final class ByteRun {

    private byte[] bytes;
    private int length;

    ByteRun(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    void append(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    void append(ByteRun other) {
        append(other.bytes, 0, other.length);
    }

    int length() {
        return length;
    }

    byte first() {
        return bytes[0];
    }

    /**
     * The bytes as UTF-8 text.
     *
     * @throws SseEncodingException when they are not valid UTF-8
     */
    String utf8() {
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        // The lenient decoder marks bad input with U+FFFD; only then is the strict check worth its cost.
        if (text.indexOf('\uFFFD') >= 0) {
            try {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, length));
            } catch (CharacterCodingException e) {
                throw new SseEncodingException();
            }
        }
        return text;
    }

    byte[] toArray() {
        return Arrays.copyOf(bytes, length);
    }

    void reset() {
        length = 0;
    }

    private void ensure(int extra) {
        if (length + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        }
    }
}
