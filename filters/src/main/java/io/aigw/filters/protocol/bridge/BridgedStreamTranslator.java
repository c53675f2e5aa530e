package io.aigw.filters.protocol.bridge;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.StreamTranslator;
import io.aigw.filters.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream whose upstream speaks another protocol than the client: each upstream event is decoded by
 * the upstream protocol's translator, converted into the events the client's protocol would have sent
 * ({@link EventConverter}), and those are decoded by the client protocol's translator, so that the
 * response stages see (and change) events in the client's terms, once, and the client's translator
 * encodes what they let through. Holds at most one upstream event's conversions at a time. One
 * instance per stream; not thread-safe.
 */
final class BridgedStreamTranslator implements StreamTranslator {

    private final StreamTranslator upstream;
    private final EventConverter converter;
    private final StreamTranslator client;
    private final List<ChatEvent> upstreamEvents = new ArrayList<>(2);
    private final List<SseEvent> clientEvents = new ArrayList<>(4);

    BridgedStreamTranslator(StreamTranslator upstream, EventConverter converter, StreamTranslator client) {
        this.upstream = upstream;
        this.converter = converter;
        this.client = client;
    }

    @Override
    public void decode(SseEvent event, List<ChatEvent> out) {
        upstreamEvents.clear();
        clientEvents.clear();
        upstream.decode(event, upstreamEvents);
        for (ChatEvent e : upstreamEvents) {
            converter.convert(e, clientEvents);
        }
        for (SseEvent converted : clientEvents) {
            client.decode(converted, out);
        }
        upstreamEvents.clear();
        clientEvents.clear();
    }

    @Override
    public void encode(ChatEvent event, ByteArrayOutputStream out) {
        client.encode(event, out);
    }

    @Override
    public void encodeError(ErrorKind kind, String message, ByteArrayOutputStream out) {
        client.encodeError(kind, message, out);
    }
}
