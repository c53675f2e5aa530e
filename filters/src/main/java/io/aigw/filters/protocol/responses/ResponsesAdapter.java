package io.aigw.filters.protocol.responses;

import io.aigw.filters.protocol.AnswerGrammar;
import io.aigw.filters.protocol.ApiEndpoint;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.JsonTranslator;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolAdapter;
import io.aigw.filters.protocol.RequestCodec;
import io.aigw.filters.protocol.StreamTranslator;
import io.aigw.filters.protocol.TokenCounts;
import io.aigw.filters.protocol.UpstreamWire;
import io.aigw.filters.protocol.openai.OpenAiAdapter;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI Responses API: {@code POST /v1/responses}, streamed as typed events
 * ({@code response.output_text.delta}, ..., {@code response.completed}) or answered with one
 * {@code response} object. Addressed like OpenAI Chat Completions (base URLs end in {@code /v1}, the key
 * as {@code Authorization: Bearer}); errors in OpenAI's shape. The text of an answer is the
 * {@code output_text} of its message items; each output item is one index of the wire-neutral events.
 */
public final class ResponsesAdapter implements ProtocolAdapter {

    static final UpstreamWire WIRE = new UpstreamWire(Map.of(ApiEndpoint.CHAT, "/v1/responses"), "/v1", "authorization", true,
            Map.of(), Set.of("accept", "content-type"), Set.of());

    /** {@code incomplete_details.reason} of an answer the content policy cut (a value the API documents). */
    static final String CONTENT_FILTER = "content_filter";

    /** The Responses API answers errors as Chat Completions does. */
    private static final OpenAiAdapter OPENAI_ERRORS = new OpenAiAdapter();

    private final JsonTranslator jsonTranslator = new ResponsesJsonTranslator();
    private final AnswerGrammar answerGrammar = new ResponsesAnswerGrammar();

    @Override
    public RequestCodec requestCodec() {
        return Protocol.RESPONSES.requestCodec();
    }

    @Override
    public StreamTranslator newStreamTranslator() {
        return new ResponsesStreamTranslator();
    }

    @Override
    public JsonTranslator jsonTranslator() {
        return jsonTranslator;
    }

    @Override
    public AnswerGrammar answerGrammar() {
        return answerGrammar;
    }

    @Override
    public String contentFilterFinishReason() {
        return CONTENT_FILTER;
    }

    /** OpenAI's error body. */
    @Override
    public byte[] errorBody(ErrorKind kind, String message, String code) {
        return OPENAI_ERRORS.errorBody(kind, message, code);
    }

    /**
     * {@code usage.input_tokens} / {@code output_tokens} of a {@code response} object, or of the
     * {@code response} a terminal event ({@code response.completed}, ...) carries.
     */
    @Override
    public TokenCounts usage(JsonNode payload) {
        return usageIn(payload);
    }

    static TokenCounts usageIn(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return null;
        }
        JsonNode response = payload.get("response");
        JsonNode usage = response != null && response.isObject() ? response.get("usage") : payload.get("usage");
        return TokenCounts.read(usage, "input_tokens", "output_tokens");
    }

    @Override
    public UpstreamWire wire() {
        return WIRE;
    }

    /** Requests to {@code /v1/responses} (their errors are OpenAI's either way). */
    @Override
    public boolean claims(String path, Predicate<String> hasHeader) {
        return path.startsWith(WIRE.chatPath());
    }
}
