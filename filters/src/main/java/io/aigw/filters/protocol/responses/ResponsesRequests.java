package io.aigw.filters.protocol.responses;

import io.aigw.filters.protocol.ChatMessage;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.RequestCodec;
import io.aigw.filters.protocol.RequestLimits;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests of the OpenAI Responses API ({@code POST /v1/responses}): {@code {"model", "instructions",
 * "input", "tools", "stream", ...}}, decoded into a {@link ChatRequest} whose messages are what
 * {@link ResponsesPrompt} reads (the instructions as a system message, then one message per input item).
 * Strict like the chat codecs: UTF-8 JSON without a byte order mark, one object and nothing after it, no
 * duplicate keys; at most {@link RequestLimits#maxMessages()} input items and
 * {@link RequestLimits#maxContentParts()} content parts. An input item or part of a kind the prompt walk
 * does not know is refused (400 {@code unsupported_content}), never forwarded unscanned. Rewrites
 * re-encode the body (numbers keep their value, not always their spelling). Stateless.
 */
final class ResponsesRequests implements RequestCodec.RequestFormat {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @Override
    public ChatRequest decode(byte[] raw, RequestLimits limits) {
        ObjectNode root = parse(raw);
        JsonNode model = root.get("model");
        if (model == null || model.isNull()) {
            throw new ProtocolException(ErrorKind.MISSING_FIELD, "missing required field 'model'");
        }
        if (!model.isString() || model.stringValue().isBlank()) {
            throw new ProtocolException(ErrorKind.INVALID_FIELD, "field 'model' must be a non-empty string");
        }
        JsonNode stream = root.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new ProtocolException(ErrorKind.INVALID_FIELD, "field 'stream' must be a boolean");
        }
        JsonNode input = root.get("input");
        if ((input == null || input.isNull()) && root.get("previous_response_id") == null && root.get("prompt") == null
                && root.get("conversation") == null) {
            throw new ProtocolException(ErrorKind.MISSING_FIELD, "missing required field 'input'");
        }
        List<ChatMessage> messages = ResponsesPrompt.messages(root, limits);
        String format = Json.stringOrNull(root.path("text").get("format"), "type");
        return new ChatRequest(Protocol.RESPONSES, model.stringValue(), stream != null && stream.asBoolean(false), messages, raw,
                format);
    }

    @Override
    public ChatRequest rewriteText(ChatRequest request, UnaryOperator<String> rewrite) {
        ObjectNode root = parse(request.raw());
        if (!ResponsesPrompt.rewrite(root, rewrite)) {
            return request;
        }
        return decode(Json.write(root), RequestLimits.NONE);
    }

    @Override
    public ChatRequest withModel(ChatRequest request, String model) {
        ObjectNode root = parse(request.raw());
        root.put("model", model);
        return decode(Json.write(root), RequestLimits.NONE);
    }

    private static ObjectNode parse(byte[] raw) {
        Json.requireUtf8JsonText(raw);
        JsonNode root;
        try {
            root = STRICT.readTree(raw);
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorKind.INVALID_JSON, "request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(ErrorKind.INVALID_JSON, "request body must be a JSON object");
        }
        return (ObjectNode) root;
    }
}
