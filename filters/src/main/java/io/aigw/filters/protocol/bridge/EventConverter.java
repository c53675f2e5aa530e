package io.aigw.filters.protocol.bridge;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.sse.SseEvent;
import java.util.List;

/**
 * Turns the events the upstream protocol's stream translator decoded into the SSE events the client's
 * protocol would have sent for them. One instance per stream; not thread-safe.
 */
interface EventConverter {

    /**
     * Adds the client-protocol events for {@code upstream} to {@code out} (possibly none).
     *
     * @throws io.aigw.filters.protocol.ProtocolException when the upstream reports an error or breaks its grammar
     */
    void convert(ChatEvent upstream, List<SseEvent> out);
}
