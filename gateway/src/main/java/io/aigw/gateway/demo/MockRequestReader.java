package io.aigw.gateway.demo;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads OpenAI Chat Completions and Anthropic Messages request bodies into a {@link MockChatRequest}.
 * Message content may be a string or an array of parts; only text parts are read.
 * Stateless and thread-safe.
 */
final class MockRequestReader {

    private final ObjectMapper mapper;

    MockRequestReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Reads an OpenAI Chat Completions body.
     *
     * @throws MockRequestException 400 if the body is not a JSON object, or {@code model} or
     *                              {@code messages} is missing
     */
    MockChatRequest openAi(byte[] body) {
        JsonNode root = parseObject(body);
        String model = requiredModel(root);
        JsonNode messages = requiredMessages(root);
        boolean stream = root.path("stream").asBoolean(false);
        boolean includeUsage = stream && root.path("stream_options").path("include_usage").asBoolean(false);
        return new MockChatRequest(model, stream, includeUsage, lastUserText(messages), promptText("", messages));
    }

    /**
     * Reads an Anthropic Messages body.
     *
     * @throws MockRequestException 400 if the body is not a JSON object, or {@code model},
     *                              {@code messages} or {@code max_tokens} is missing
     */
    MockChatRequest anthropic(byte[] body) {
        JsonNode root = parseObject(body);
        String model = requiredModel(root);
        JsonNode messages = requiredMessages(root);
        if (!root.path("max_tokens").isNumber()) {
            throw MockRequestException.badRequest("invalid_request_error", "max_tokens: Field required");
        }
        boolean stream = root.path("stream").asBoolean(false);
        return new MockChatRequest(model, stream, false, lastUserText(messages),
                promptText(text(root.path("system")), messages));
    }

    private JsonNode parseObject(byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw MockRequestException.badRequest("invalid_json",
                    "We could not parse the JSON body of your request: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw MockRequestException.badRequest("invalid_json",
                    "The request body must be a JSON object, was: " + (root == null ? "empty" : root.getNodeType()));
        }
        return root;
    }

    private static String requiredModel(JsonNode root) {
        String model = root.path("model").asString("");
        if (model.isBlank()) {
            throw MockRequestException.badRequest("missing_required_parameter",
                    "you must provide a model parameter");
        }
        return model;
    }

    private static JsonNode requiredMessages(JsonNode root) {
        JsonNode messages = root.path("messages");
        if (!messages.isArray()) {
            throw MockRequestException.badRequest("missing_required_parameter",
                    "'messages' must be an array, was: " + messages.getNodeType());
        }
        return messages;
    }

    /** The system text and every message's text, one per line. */
    private static String promptText(String system, JsonNode messages) {
        StringBuilder prompt = new StringBuilder(system);
        for (JsonNode message : messages.values()) {
            prompt.append('\n').append(text(message.path("content")));
        }
        return prompt.toString();
    }

    private static String lastUserText(JsonNode messages) {
        String last = "";
        for (JsonNode message : messages.values()) {
            if ("user".equals(message.path("role").asString(""))) {
                last = text(message.path("content"));
            }
        }
        return last;
    }

    /** The text of a content value: a string, or the joined {@code text} of an array of parts. */
    private static String text(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        if (!content.isArray()) {
            return "";
        }
        StringBuilder joined = new StringBuilder();
        for (JsonNode part : content.values()) {
            JsonNode partText = part.path("text");
            if (partText.isString()) {
                if (!joined.isEmpty()) {
                    joined.append('\n');
                }
                joined.append(partText.asString());
            }
        }
        return joined.toString();
    }
}
