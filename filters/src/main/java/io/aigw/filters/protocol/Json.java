package io.aigw.filters.protocol;

import io.aigw.filters.json.JsonMappers;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The JSON plumbing the codecs share: one mapper, strict UTF-8 request text, upstream parsing with protocol errors. */
public final class Json {

    /** Thread-safe, shared by every codec. */
    public static final JsonMapper MAPPER = JsonMappers.json();

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /**
     * Checks that a request body is UTF-8 text fit for a strict JSON read: valid UTF-8 (no overlong forms,
     * no encoded surrogates), no byte order mark (RFC 8259 forbids sending one; Jackson would skip it while
     * an upstream may not), and no NUL among its first four bytes (from which Jackson would guess UTF-16 or
     * UTF-32). Decodes in small chunks: no copy of the body is made.
     *
     * @throws ProtocolException {@link ErrorKind#INVALID_ENCODING}
     */
    public static void requireUtf8JsonText(byte[] body) {
        if (body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF) {
            throw new ProtocolException(ErrorKind.INVALID_ENCODING, "request body starts with a byte order mark; send UTF-8 JSON without one");
        }
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                throw new ProtocolException(ErrorKind.INVALID_ENCODING, "request body is not UTF-8 JSON (a NUL byte at its start)");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer chunk = CharBuffer.allocate(4096);
        while (true) {
            CoderResult result = decoder.decode(in, chunk, true);
            if (result.isError()) {
                throw new ProtocolException(ErrorKind.INVALID_ENCODING, "request body is not valid UTF-8");
            }
            chunk.clear();
            if (result.isUnderflow()) {
                break;
            }
        }
        if (decoder.flush(chunk).isError()) {
            throw new ProtocolException(ErrorKind.INVALID_ENCODING, "request body is not valid UTF-8");
        }
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
}
