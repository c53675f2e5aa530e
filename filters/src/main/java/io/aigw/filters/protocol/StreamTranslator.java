package io.aigw.filters.protocol;

import io.aigw.filters.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Translates one streamed answer between a protocol's SSE events and {@link ChatEvent}s.
 * Holds per-stream state (ids, model, indexes seen) needed to encode events a stage creates:
 * one instance per stream, not thread-safe.
 */
public interface StreamTranslator {

    /**
     * Decodes one upstream event, adding the resulting events to {@code out}.
     *
     * @throws ProtocolException {@link ErrorKind#UPSTREAM_PROTOCOL} when a data event is not valid JSON
     */
    void decode(SseEvent event, List<ChatEvent> out);

    /** Writes the wire form of {@code event}: its source bytes when unchanged, a new encoding otherwise. */
    void encode(ChatEvent event, ByteArrayOutputStream out);

    /** Writes an error event that ends the stream in this protocol's terms. */
    void encodeError(ErrorKind kind, String message, ByteArrayOutputStream out);
}
