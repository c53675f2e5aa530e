package io.aigw.filters.protocol.bridge;

import static io.aigw.filters.protocol.bridge.RequestTrees.copy;
import static io.aigw.filters.protocol.bridge.RequestTrees.untranslatable;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.ProtocolException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI Chat Completions request as an Anthropic Messages request: {@code system} and
 * {@code developer} messages become {@code system}; text parts and images ({@code data:} URLs as
 * {@code base64} sources, other URLs as {@code url} sources) become content blocks; an assistant's
 * {@code tool_calls} become {@code tool_use} blocks (the arguments parsed as the input); {@code tool}
 * messages become {@code tool_result} blocks of one user turn; consecutive turns of one role are
 * merged (parallel tool results belong to one user turn). {@code max_completion_tokens} or
 * {@code max_tokens} ({@value #DEFAULT_MAX_TOKENS} when neither is given: Anthropic requires it),
 * {@code temperature}, {@code top_p}, {@code stop} ({@code stop_sequences}), {@code tools},
 * {@code tool_choice} ({@code required} is {@code any}), {@code parallel_tool_calls: false}
 * ({@code disable_parallel_tool_use}) and {@code user} ({@code metadata.user_id}) are carried over;
 * sampling settings Anthropic has no word for ({@code seed}, penalties, {@code stream_options},
 * {@code reasoning_effort}) are left out. Asking for what cannot be answered ({@code n} above 1,
 * {@code logprobs}, a {@code response_format} other than text, audio or file parts) is refused (400).
 */
final class OpenAiToAnthropicRequest {

    /** The {@code max_tokens} sent when the client named no limit. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private OpenAiToAnthropicRequest() {
    }

    static byte[] translate(byte[] body) {
        ObjectNode in = RequestTrees.read(body);
        refuseUnanswerable(in);
        ObjectNode out = Json.NODES.objectNode();
        copy(in, out, "model");
        StringBuilder system = new StringBuilder();
        ArrayNode messages = Json.NODES.arrayNode();
        for (JsonNode message : in.path("messages")) {
            String role = String.valueOf(Json.stringOrNull(message, "role"));
            switch (role) {
                case "system", "developer" -> {
                    if (!system.isEmpty()) {
                        system.append("\n\n");
                    }
                    system.append(RequestTrees.text(message.get("content")));
                }
                case "user" -> append(messages, "user", userBlocks(message.get("content")));
                case "assistant" -> append(messages, "assistant", assistantBlocks(message));
                case "tool" -> append(messages, "user", toolResult(message));
                default -> throw untranslatable("a message with role '" + role + "'");
            }
        }
        JsonNode limit = in.hasNonNull("max_completion_tokens") ? in.get("max_completion_tokens") : in.get("max_tokens");
        if (limit != null && !limit.isNull()) {
            out.set("max_tokens", limit);
        } else {
            out.put("max_tokens", DEFAULT_MAX_TOKENS);
        }
        if (!system.isEmpty()) {
            out.put("system", system.toString());
        }
        out.set("messages", messages);
        copy(in, out, "temperature");
        copy(in, out, "top_p");
        JsonNode stop = in.get("stop");
        if (stop != null && stop.isString()) {
            out.putArray("stop_sequences").add(stop.stringValue());
        } else if (stop != null && stop.isArray()) {
            out.set("stop_sequences", stop);
        }
        if (RequestTrees.isTrue(in.get("stream"))) {
            out.put("stream", true);
        }
        tools(in, out);
        String user = Json.stringOrNull(in, "user");
        if (user != null) {
            out.putObject("metadata").put("user_id", user);
        }
        return Json.write(out);
    }

    private static void refuseUnanswerable(ObjectNode in) {
        JsonNode n = in.get("n");
        if (n != null && n.isNumber() && n.asInt() != 1) {
            throw untranslatable("n other than 1");
        }
        if (RequestTrees.isTrue(in.get("logprobs"))) {
            throw untranslatable("logprobs");
        }
        JsonNode format = in.get("response_format");
        if (format != null && !format.isNull() && !"text".equals(Json.stringOrNull(format, "type"))) {
            throw untranslatable("response_format of type '" + Json.stringOrNull(format, "type") + "'");
        }
        if (in.hasNonNull("audio") || in.hasNonNull("functions")) {
            throw untranslatable(in.hasNonNull("audio") ? "audio output" : "legacy functions");
        }
    }

    /** Adds {@code blocks} as a turn of {@code role}, merged into the previous turn when it has the same role. */
    private static void append(ArrayNode messages, String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && role.equals(Json.stringOrNull(last, "role"))) {
            ((ArrayNode) last.get("content")).addAll(blocks);
        } else {
            messages.addObject().put("role", role).set("content", blocks);
        }
    }

    private static ArrayNode userBlocks(JsonNode content) {
        ArrayNode blocks = Json.NODES.arrayNode();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isString()) {
            addText(blocks, content.stringValue());
            return blocks;
        }
        for (JsonNode part : content) {
            String type = String.valueOf(Json.stringOrNull(part, "type"));
            switch (type) {
                case "text" -> addText(blocks, Json.stringOrNull(part, "text"));
                case "image_url" -> blocks.add(image(part.path("image_url")));
                default -> throw untranslatable("a '" + type + "' content part");
            }
        }
        return blocks;
    }

    private static ArrayNode assistantBlocks(JsonNode message) {
        ArrayNode blocks = Json.NODES.arrayNode();
        JsonNode content = message.get("content");
        if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                String text = Json.stringOrNull(part, "text");
                addText(blocks, text != null ? text : Json.stringOrNull(part, "refusal"));
            }
        } else {
            addText(blocks, RequestTrees.text(content));
        }
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            ObjectNode use = blocks.addObject().put("type", "tool_use").put("id", Json.stringOrNull(call, "id"))
                    .put("name", Json.stringOrNull(function, "name"));
            use.set("input", arguments(Json.stringOrNull(function, "arguments")));
        }
        return blocks;
    }

    /** A tool call's arguments text as the tool_use {@code input} object. */
    private static JsonNode arguments(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.NODES.objectNode();
        }
        try {
            JsonNode input = Json.MAPPER.readTree(arguments);
            if (input instanceof ObjectNode) {
                return input;
            }
        } catch (JacksonException e) {
            // refused below
        }
        throw new ProtocolException(ErrorKind.INVALID_FIELD, "tool call arguments must be a JSON object to be sent to this route's upstream",
                "unsupported_across_protocols");
    }

    private static ArrayNode toolResult(JsonNode message) {
        ArrayNode blocks = Json.NODES.arrayNode();
        ObjectNode result = blocks.addObject().put("type", "tool_result")
                .put("tool_use_id", Json.stringOrNull(message, "tool_call_id"));
        result.put("content", RequestTrees.text(message.get("content")));
        return blocks;
    }

    /** Anthropic refuses empty text blocks: an empty text is left out. */
    private static void addText(ArrayNode blocks, String text) {
        if (text != null && !text.isEmpty()) {
            blocks.addObject().put("type", "text").put("text", text);
        }
    }

    /** A {@code data:<type>;base64,<data>} URL as a base64 source, any other URL as a url source. */
    private static ObjectNode image(JsonNode imageUrl) {
        String url = Json.stringOrNull(imageUrl, "url");
        if (url == null) {
            throw untranslatable("an image_url part without a url");
        }
        ObjectNode block = Json.NODES.objectNode().put("type", "image");
        ObjectNode source = block.putObject("source");
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            int base64 = url.lastIndexOf(";base64", comma);
            if (comma < 0 || base64 < 0) {
                throw untranslatable("an image data URL that is not base64");
            }
            source.put("type", "base64").put("media_type", url.substring(5, base64)).put("data", url.substring(comma + 1));
        } else {
            source.put("type", "url").put("url", url);
        }
        return block;
    }

    private static void tools(ObjectNode in, ObjectNode out) {
        JsonNode tools = in.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode declared = out.putArray("tools");
            for (JsonNode tool : tools) {
                if (!"function".equals(Json.stringOrNull(tool, "type")) || !(tool.get("function") instanceof ObjectNode function)) {
                    throw untranslatable("a tool of type '" + Json.stringOrNull(tool, "type") + "'");
                }
                ObjectNode anthropic = declared.addObject().put("name", Json.stringOrNull(function, "name"));
                copy(function, anthropic, "description");
                JsonNode parameters = function.get("parameters");
                anthropic.set("input_schema", parameters instanceof ObjectNode
                        ? parameters : Json.NODES.objectNode().put("type", "object"));
            }
        }
        ObjectNode choice = toolChoice(in.get("tool_choice"));
        JsonNode parallel = in.get("parallel_tool_calls");
        if (parallel != null && parallel.isBoolean() && !parallel.booleanValue() && out.has("tools")) {
            choice = choice != null ? choice : Json.NODES.objectNode().put("type", "auto");
            choice.put("disable_parallel_tool_use", true);
        }
        if (choice != null) {
            out.set("tool_choice", choice);
        }
    }

    private static ObjectNode toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isString()) {
            return switch (choice.stringValue()) {
                case "auto" -> Json.NODES.objectNode().put("type", "auto");
                case "required" -> Json.NODES.objectNode().put("type", "any");
                case "none" -> Json.NODES.objectNode().put("type", "none");
                default -> throw untranslatable("tool_choice '" + choice.stringValue() + "'");
            };
        }
        String name = Json.stringOrNull(choice.path("function"), "name");
        if (!"function".equals(Json.stringOrNull(choice, "type")) || name == null) {
            throw untranslatable("this tool_choice");
        }
        return Json.NODES.objectNode().put("type", "tool").put("name", name);
    }
}
