package io.aigw.gateway.route;

import java.io.ByteArrayOutputStream;
import org.springframework.core.io.buffer.DataBufferLimitException;

/** Bytes gathered up to a cap. Not thread-safe: one answer, appended to in order. */
final class BoundedBytes {

    private final int max;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);

    BoundedBytes(int max) {
        this.max = max;
    }

    /** @throws DataBufferLimitException when the total would exceed the cap */
    void append(byte[] chunk) {
        if (chunk.length > max - bytes.size()) {
            throw new DataBufferLimitException("more than " + max + " bytes");
        }
        bytes.writeBytes(chunk);
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
