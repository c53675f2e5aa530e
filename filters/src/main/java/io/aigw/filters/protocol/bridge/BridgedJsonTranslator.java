package io.aigw.filters.protocol.bridge;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.JsonAnswer;
import io.aigw.filters.protocol.JsonTranslator;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * A non-streamed answer whose upstream speaks another protocol than the client: decoded by the
 * upstream protocol's translator, converted into the answer the client's protocol would have sent,
 * and decoded again by the client protocol's translator, so that the stages see (and change) it in the
 * client's terms; the client's translator encodes it. The decoded answer's {@link JsonAnswer#raw()} is
 * the converted body, sent as is when no stage changed anything. Stateless and thread-safe.
 */
final class BridgedJsonTranslator implements JsonTranslator {

    private final JsonTranslator upstream;
    private final Function<JsonAnswer, ObjectNode> converter;
    private final JsonTranslator client;

    BridgedJsonTranslator(JsonTranslator upstream, Function<JsonAnswer, ObjectNode> converter, JsonTranslator client) {
        this.upstream = upstream;
        this.converter = converter;
        this.client = client;
    }

    @Override
    public JsonAnswer decode(byte[] body) {
        return client.decode(Json.write(converter.apply(upstream.decode(body))));
    }

    @Override
    public byte[] encode(JsonAnswer answer, List<ChatEvent> processed) {
        return client.encode(answer, processed);
    }

    @Override
    public boolean keepsProtocol() {
        return false;
    }
}
