package io.aigw.filters.sse;

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

    String utf8() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
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
