package io.aigw.filters.protocol.openai;

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

/** OpenAI Chat Completions: {@code POST /v1/chat/completions}. */
public final class OpenAiAdapter implements ProtocolAdapter {

    /**
     * Base URLs end in {@code /v1}; the key goes as {@code Authorization: Bearer} (so do DeepSeek, DashScope,
     * Zhipu, Moonshot, Volcengine Ark, Qianfan v2, vLLM and Ollama in their OpenAI-compatible modes).
     */
    static final UpstreamWire WIRE = new UpstreamWire(
            Map.of(ApiEndpoint.CHAT, "/v1/chat/completions", ApiEndpoint.EMBEDDINGS, "/v1/embeddings"), "/v1", "authorization", true,
            Map.of(), Set.of("accept", "content-type"), Set.of());

    private final JsonTranslator jsonTranslator = new OpenAiJsonTranslator();
    private final AnswerGrammar answerGrammar = new OpenAiAnswerGrammar();

    @Override
    public RequestCodec requestCodec() {
        return Protocol.OPENAI.requestCodec();
    }

    @Override
    public StreamTranslator newStreamTranslator() {
        return new OpenAiStreamTranslator();
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
        return "content_filter";
    }

    @Override
    public byte[] errorBody(ErrorKind kind, String message, String code) {
        return Json.write(errorObject(kind, message, code));
    }

    /**
     * The top-level {@code usage} object: of a {@code chat.completion}, or of the last stream chunk
     * when the request asked for {@code stream_options.include_usage} (some compatible upstreams put
     * it on the finish chunk: read wherever it is; Moonshot inside {@code choices[0]}).
     */
    @Override
    public TokenCounts usage(JsonNode payload) {
        if (payload == null) {
            return null;
        }
        TokenCounts usage = usageOf(payload.get("usage"));
        // Moonshot puts a stream's usage in the last chunk's choices[0].usage.
        return usage != null ? usage : usageOf(payload.path("choices").path(0).get("usage"));
    }

    @Override
    public UpstreamWire wire() {
        return WIRE;
    }

    /** OpenAI is what {@link io.aigw.filters.protocol.adapters.ProtocolAdapters#detect} falls back to; it claims nothing of its own. */
    @Override
    public boolean claims(String path, Predicate<String> hasHeader) {
        return false;
    }

    /** The counts of a {@code usage} value (null, or not an object, reads as none). */
    static TokenCounts usageOf(JsonNode usage) {
        return TokenCounts.read(usage, "prompt_tokens", "completion_tokens");
    }

    /** {@code {"error":{"message","type","param":null,"code"}}}. */
    static ObjectNode errorObject(ErrorKind kind, String message, String code) {
        ObjectNode root = Json.NODES.objectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", kind.openAiType());
        error.putNull("param");
        error.put("code", code != null ? code : kind.openAiCode());
        return root;
    }
}
