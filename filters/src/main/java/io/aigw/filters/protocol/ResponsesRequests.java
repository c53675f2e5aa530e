package io.aigw.filters.protocol;

import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
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

    /** Top-level integer counts (the Responses API's and the chat APIs'): a value beyond 32 bits is refused. */
    private static final List<String> COUNT_FIELDS = List.of("max_output_tokens", "max_tool_calls", "top_logprobs",
            "max_tokens", "max_completion_tokens", "n", "top_k");

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
        } catch (StreamReadException e) {
            String duplicate = duplicateKey(e.getOriginalMessage());
            if (duplicate != null) {
                throw new ProtocolException(ErrorKind.INVALID_JSON, "duplicate key '" + duplicate + "' in the request body", "duplicate_key");
            }
            throw new ProtocolException(ErrorKind.INVALID_JSON, "request body is not valid JSON: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorKind.INVALID_JSON, "request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(ErrorKind.INVALID_JSON, "request body must be a JSON object");
        }
        requireInRange(root, "$");
        for (String count : COUNT_FIELDS) {
            JsonNode value = root.get(count);
            if (value != null && value.isNumber() && !(value.isIntegralNumber() ? value.canConvertToInt()
                    : Math.abs(value.doubleValue()) <= Integer.MAX_VALUE)) {
                throw new ProtocolException(ErrorKind.INVALID_FIELD, "field '" + count + "' must fit in a 32-bit integer",
                        "number_out_of_range");
            }
        }
        return (ObjectNode) root;
    }

    /**
     * The checks the chat codecs make while they read (RequestWalk): no integer beyond 64 bits, no number
     * beyond a double's range, no unpaired surrogate in a string value (Jackson refuses one in a key).
     */
    private static void requireInRange(JsonNode node, String path) {
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                requireInRange(node.get(name), path + "." + name);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireInRange(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isBigInteger() && !node.canConvertToLong()) {
            throw new ProtocolException(ErrorKind.INVALID_FIELD, "request body holds an integer beyond 64 bits at " + path,
                    "number_out_of_range");
        } else if (node.isFloatingPointNumber() && Double.isInfinite(node.doubleValue())) {
            throw new ProtocolException(ErrorKind.INVALID_FIELD, "request body holds a number beyond the range of a double at " + path,
                    "number_out_of_range");
        } else if (node.isString() && hasUnpairedSurrogate(node.stringValue())) {
            throw new ProtocolException(ErrorKind.INVALID_ENCODING,
                    "request body holds a string with an unpaired surrogate (\\uD800-\\uDFFF escape) at " + path);
        }
    }

    /** The key Jackson's duplicate detection names ({@code Duplicate Object property "x"}), shortened; null for other errors. */
    private static String duplicateKey(String message) {
        if (message == null || !message.startsWith("Duplicate")) {
            return null;
        }
        int open = message.indexOf('"');
        int close = message.lastIndexOf('"');
        String name = open >= 0 && close > open ? message.substring(open + 1, close) : "";
        return name.length() > 64 ? name.substring(0, 64) + "…" : name;
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
