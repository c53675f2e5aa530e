package io.aigw.filters.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The JSON plumbing the codecs share: one mapper, strict UTF-8, object parsing with protocol errors. */
public final class Json {

    /** Thread-safe, shared by every codec. */
    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            // Buffers recycled per thread: the default pool, a concurrent deque shared by the event
            // loops, cost ~1 % of the gateway's CPU in its acquire/release alone (JFR, 50-chunk streams).
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build()).build();

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /**
     * Parses a request body that must be UTF-8 text holding exactly one JSON object.
     *
     * @throws ProtocolException {@link ErrorKind#INVALID_ENCODING} or {@link ErrorKind#INVALID_JSON}
     */
    public static ObjectNode parseRequestObject(byte[] body) {
        requireUtf8(body);
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorKind.INVALID_JSON, "request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolException(ErrorKind.INVALID_JSON, "request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * Parses JSON from the upstream; failures are the upstream's fault.
     *
     * @throws ProtocolException {@link ErrorKind#UPSTREAM_PROTOCOL}
     */
    public static JsonNode parseUpstream(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream sent invalid JSON");
        }
    }

    /**
     * Parses a non-streamed upstream answer, which must be a JSON object.
     *
     * @throws ProtocolException {@link ErrorKind#UPSTREAM_PROTOCOL}
     */
    public static ObjectNode parseUpstreamObject(byte[] bytes) {
        if (!(parseUpstream(bytes) instanceof ObjectNode object)) {
            throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "upstream answer is not a JSON object");
        }
        return object;
    }

    /** Parses JSON text from an upstream event's data. Errors never quote the upstream's bytes. */
    public static JsonNode parseUpstream(String data) {
        try {
            return MAPPER.readTree(data);
        } catch (JacksonException e) {
            throw invalidUpstreamEvent();
        }
    }

    /** The error for an upstream event whose data is not valid JSON; it never quotes the data. */
    static ProtocolException invalidUpstreamEvent() {
        return new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream sent an event that is not valid JSON");
    }

    public static byte[] write(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    /** The text of a string field, or {@code null} when absent, null or not a string. */
    public static String stringOrNull(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    private static void requireUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ErrorKind.INVALID_ENCODING, "request body is not valid UTF-8");
        }
    }
}
