package io.aigw.gateway.exchange;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/** Copying out of pooled buffers. Stateless. */
public final class Buffers {

    private Buffers() {
    }

    /**
     * The readable bytes of {@code buffer}, copied; the buffer is released, whether the copy succeeds or
     * not, so the caller must not touch it again.
     */
    public static byte[] take(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
