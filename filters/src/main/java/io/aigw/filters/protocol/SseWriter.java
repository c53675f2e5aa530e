package io.aigw.filters.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** Writes SSE events in the canonical form the providers use: optional {@code event:} line, one {@code data:} line. */
public final class SseWriter {

    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

    private SseWriter() {
    }

    /** Writes {@code event: name} (when not null) and {@code data: <json>} followed by a blank line. */
    public static void write(String eventName, JsonNode data, ByteArrayOutputStream out) {
        writeRaw(eventName, Json.write(data), out);
    }

    /** Same as {@link #write} with pre-encoded single-line data. */
    public static void writeRaw(String eventName, byte[] data, ByteArrayOutputStream out) {
        if (eventName != null) {
            out.writeBytes(EVENT);
            out.writeBytes(eventName.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        out.writeBytes(DATA);
        out.writeBytes(data);
        out.write('\n');
        out.write('\n');
    }
}
