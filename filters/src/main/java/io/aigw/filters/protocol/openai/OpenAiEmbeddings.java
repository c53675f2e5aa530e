package io.aigw.filters.protocol.openai;

import io.aigw.filters.json.JsonMappers;
import io.aigw.filters.protocol.ChatMessage;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.RequestLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * OpenAI embeddings requests ({@code POST /v1/embeddings}, also spoken by DashScope, Zhipu, Volcengine
 * Ark, Qianfan, vLLM and Ollama): {@code {"model", "input", ...}} where {@code input} is a string, an
 * array of strings, an array of token ids, or an array of token-id arrays. Decoded into a
 * {@link ChatRequest} whose messages are the input strings (role {@code user}), so that the license check
 * reads its model, the prompt policy its texts and the audit line both. Token ids are not text: they are
 * forwarded as sent, with no message for the prompt policy to read ({@link #hasTokenInput}). Strict like
 * the chat codecs: UTF-8 JSON without a byte order mark, one object, no duplicate keys; at most
 * {@link RequestLimits#maxMessages()} inputs. Stateless.
 */
public final class OpenAiEmbeddings {

    private static final JsonMapper STRICT = JsonMappers.strictJson();

    private OpenAiEmbeddings() {
    }

    /**
     * Decodes {@code raw}.
     *
     * @throws ProtocolException 400 ({@code invalid_json}, {@code invalid_encoding}, {@code missing_required_field},
     *     {@code invalid_type}, {@code request_limit_exceeded}) for a body that is not a valid embeddings request
     */
    public static ChatRequest decode(byte[] raw, RequestLimits limits) {
        ObjectNode root = parse(raw);
        JsonNode model = root.get("model");
        if (model == null || model.isNull()) {
            throw new ProtocolException(ErrorKind.MISSING_FIELD, "missing required field 'model'");
        }
        if (!model.isString() || model.stringValue().isBlank()) {
            throw new ProtocolException(ErrorKind.INVALID_FIELD, "field 'model' must be a non-empty string");
        }
        List<String> texts = texts(root.get("input"), limits);
        List<ChatMessage> messages = texts.stream().map(text -> new ChatMessage("user", text)).toList();
        return new ChatRequest(Protocol.OPENAI, model.stringValue(), false, messages, raw);
    }

    /** Whether the (decoded) request's {@code input} is token ids rather than text. */
    public static boolean hasTokenInput(ChatRequest request) {
        JsonNode input = parse(request.raw()).get("input");
        return input.isArray() && !input.get(0).isString();
    }

    /**
     * The request with each input string passed through {@code rewrite}; {@code request} itself when none
     * changed. Re-encodes the body (numbers keep their value, not always their spelling).
     */
    public static ChatRequest rewriteInput(ChatRequest request, UnaryOperator<String> rewrite) {
        ObjectNode root = parse(request.raw());
        JsonNode input = root.get("input");
        boolean changed = false;
        if (input.isString()) {
            String text = rewrite.apply(input.stringValue());
            if (!text.equals(input.stringValue())) {
                root.put("input", text);
                changed = true;
            }
        } else if (input.get(0).isString()) {
            ArrayNode array = (ArrayNode) input;
            for (int i = 0; i < array.size(); i++) {
                String text = rewrite.apply(array.get(i).stringValue());
                if (!text.equals(array.get(i).stringValue())) {
                    array.set(i, StringNode.valueOf(text));
                    changed = true;
                }
            }
        }
        return changed ? decode(Json.write(root), RequestLimits.NONE) : request;
    }

    /** The request with its {@code model} replaced, everything else kept. */
    public static ChatRequest withModel(ChatRequest request, String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must be a non-empty string");
        }
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

    /** The strings of {@code input}; empty for token ids. */
    private static List<String> texts(JsonNode input, RequestLimits limits) {
        if (input == null || input.isNull()) {
            throw new ProtocolException(ErrorKind.MISSING_FIELD, "missing required field 'input'");
        }
        if (input.isString()) {
            return List.of(input.stringValue());
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new ProtocolException(ErrorKind.INVALID_FIELD,
                    "field 'input' must be a string, or a non-empty array of strings, of token ids or of token-id arrays");
        }
        if (input.size() > limits.maxMessages()) {
            throw new ProtocolException(ErrorKind.REQUEST_LIMIT, "field 'input' has more than " + limits.maxMessages() + " items");
        }
        List<String> texts = new ArrayList<>(input.size());
        JsonNode first = input.get(0);
        for (JsonNode item : input) {
            boolean sameKind = first.isString() ? item.isString()
                    : first.isIntegralNumber() ? item.isIntegralNumber()
                    : first.isArray() && item.isArray() && !item.isEmpty() && allIntegral(item);
            if (!sameKind) {
                throw new ProtocolException(ErrorKind.INVALID_FIELD,
                        "field 'input' must be a string, or a non-empty array of strings, of token ids or of token-id arrays");
            }
            if (item.isString()) {
                texts.add(item.stringValue());
            }
        }
        return texts;
    }

    private static boolean allIntegral(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }
}
