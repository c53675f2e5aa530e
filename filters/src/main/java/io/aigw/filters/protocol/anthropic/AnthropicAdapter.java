package io.aigw.filters.protocol.anthropic;

import io.aigw.filters.protocol.AnswerGrammar;
import io.aigw.filters.protocol.ApiEndpoint;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.JsonTranslator;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolAdapter;
import io.aigw.filters.protocol.RequestCodec;
import io.aigw.filters.protocol.StreamTranslator;
import io.aigw.filters.protocol.TokenCounts;
import io.aigw.filters.protocol.UpstreamWire;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Anthropic Messages: {@code POST /v1/messages}. */
public final class AnthropicAdapter implements ProtocolAdapter {

    /** The API version sent when the client names none: the one the translators parse. */
    static final String DEFAULT_VERSION = "2023-06-01";
    private static final String VERSION_HEADER = "anthropic-version";
    /**
     * Base URLs do not include {@code /v1}; the key goes bare in {@code x-api-key}, next to
     * {@code anthropic-version} (forwarded from the client: it selects the API version of the answer).
     * {@code x-api-key} and {@code anthropic-version} are what Anthropic SDKs send and OpenAI SDKs do not.
     */
    static final UpstreamWire WIRE = new UpstreamWire(
            Map.of(ApiEndpoint.CHAT, "/v1/messages", ApiEndpoint.COUNT_TOKENS, "/v1/messages/count_tokens"), "", "x-api-key", false,
            Map.of(VERSION_HEADER, DEFAULT_VERSION), Set.of("accept", "content-type", VERSION_HEADER),
            Set.of(VERSION_HEADER, "x-api-key"));

    private final JsonTranslator jsonTranslator = new AnthropicJsonTranslator();
    private final AnswerGrammar answerGrammar = new AnthropicAnswerGrammar();

    @Override
    public RequestCodec requestCodec() {
        return Protocol.ANTHROPIC.requestCodec();
    }

    @Override
    public StreamTranslator newStreamTranslator() {
        return new AnthropicStreamTranslator();
    }

    @Override
    public JsonTranslator jsonTranslator() {
        return jsonTranslator;
    }

    @Override
    public AnswerGrammar answerGrammar() {
        return answerGrammar;
    }

    /** Thinking blocks end with a {@code signature_delta} over their text. */
    @Override
    public boolean reasoningIsSigned() {
        return true;
    }

    @Override
    public String contentFilterFinishReason() {
        return "refusal";
    }

    @Override
    public UpstreamWire wire() {
        return WIRE;
    }

    /** Paths under {@code /v1/messages} or ending in {@code /messages}, and requests with an Anthropic-only header. */
    @Override
    public boolean claims(String path, Predicate<String> hasHeader) {
        return path.startsWith(WIRE.chatPath()) || path.endsWith("/messages")
                || WIRE.clientHeaders().stream().anyMatch(hasHeader);
    }

    /** Anthropic errors have no code field: {@code code} is not sent. */
    @Override
    public byte[] errorBody(ErrorKind kind, String message, String code) {
        return Json.write(errorObject(kind, message));
    }

    /** {@code {"type":"error","error":{"type","message"}}}. */
    static ObjectNode errorObject(ErrorKind kind, String message) {
        ObjectNode root = Json.NODES.objectNode();
        root.put("type", "error");
        ObjectNode error = root.putObject("error");
        error.put("type", kind.anthropicType());
        error.put("message", message);
        return root;
    }

    /**
     * {@code message_start}: {@code message.usage} ({@code input_tokens}, an initial
     * {@code output_tokens}); {@code message_delta}: the top-level {@code usage} (cumulative
     * {@code output_tokens}, sometimes {@code input_tokens}); a {@code message} answer: its
     * top-level {@code usage}. Cache token counts are not included.
     */
    @Override
    public TokenCounts usage(JsonNode payload) {
        return usageIn(payload);
    }

    /** {@link #usage}, for the translators. */
    static TokenCounts usageIn(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return null;
        }
        JsonNode message = payload.get("message");
        return usageOf(Json.stringOrNull(payload, "type"), payload.get("usage"),
                message == null ? null : message.get("usage"));
    }

    /**
     * The counts an event reports, from its parts: {@code message.usage} of a {@code message_start},
     * else the top-level {@code usage}. A part that is null or not an object reads as none.
     *
     * @param type the event's top-level {@code type}, or null
     * @param usage its top-level {@code usage}, or null
     * @param messageUsage its {@code message.usage}, or null
     */
    static TokenCounts usageOf(String type, JsonNode usage, JsonNode messageUsage) {
        return TokenCounts.read("message_start".equals(type) ? messageUsage : usage, "input_tokens", "output_tokens");
    }
}
