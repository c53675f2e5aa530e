package io.aigw.filters.protocol.bridge;

import static io.aigw.filters.protocol.bridge.RequestTrees.copy;
import static io.aigw.filters.protocol.bridge.RequestTrees.untranslatable;

import io.aigw.filters.protocol.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Anthropic Messages request as an OpenAI Chat Completions request: {@code system} becomes the
 * first (system) message; text and image blocks ({@code base64} as a {@code data:} URL, {@code url}
 * as is) become content parts; an assistant's {@code tool_use} blocks its {@code tool_calls} (the
 * input as the arguments text); a user's {@code tool_result} blocks {@code tool} messages before the
 * rest of that user message; {@code tools}, {@code tool_choice} ({@code any} is {@code required},
 * {@code disable_parallel_tool_use} is {@code parallel_tool_calls: false}), {@code max_tokens},
 * {@code temperature}, {@code top_p}, {@code stop_sequences} ({@code stop}), {@code metadata.user_id}
 * ({@code user}) and {@code output_format} ({@code response_format}) are carried over; a streamed
 * request asks for {@code stream_options.include_usage}. Thinking blocks and settings the Chat
 * Completions API has no word for ({@code thinking}, {@code top_k}, {@code service_tier}) are left
 * out; documents and server tools are refused (400).
 */
final class AnthropicToOpenAiRequest {

    private AnthropicToOpenAiRequest() {
    }

    static byte[] translate(byte[] body) {
        ObjectNode in = RequestTrees.read(body);
        ObjectNode out = Json.NODES.objectNode();
        copy(in, out, "model");
        ArrayNode messages = out.putArray("messages");
        JsonNode system = in.get("system");
        if (system != null && !system.isNull()) {
            messages.addObject().put("role", "system").put("content", RequestTrees.text(system));
        }
        for (JsonNode message : in.path("messages")) {
            addMessage(message, messages);
        }
        copy(in, out, "max_tokens");
        copy(in, out, "temperature");
        copy(in, out, "top_p");
        copy(in, out, "stop_sequences");
        if (out.has("stop_sequences")) {
            out.set("stop", out.remove("stop_sequences"));
        }
        if (RequestTrees.isTrue(in.get("stream"))) {
            out.put("stream", true);
            out.putObject("stream_options").put("include_usage", true);
        }
        tools(in, out);
        String user = Json.stringOrNull(in.get("metadata"), "user_id");
        if (user != null) {
            out.put("user", user);
        }
        outputFormat(in.get("output_format"), out);
        return Json.write(out);
    }

    private static void addMessage(JsonNode message, ArrayNode messages) {
        String role = Json.stringOrNull(message, "role");
        JsonNode content = message.get("content");
        if (content == null || content.isString()) {
            messages.addObject().put("role", role).put("content", content == null ? "" : content.stringValue());
            return;
        }
        if ("assistant".equals(role)) {
            messages.add(assistant(content));
            return;
        }
        ArrayNode parts = Json.NODES.arrayNode();
        for (JsonNode block : content) {
            String type = Json.stringOrNull(block, "type");
            switch (type == null ? "" : type) {
                case "text" -> parts.addObject().put("type", "text").put("text", Json.stringOrNull(block, "text"));
                case "image" -> parts.add(image(block));
                case "tool_result" -> messages.add(toolResult(block));
                default -> throw untranslatable("a '" + type + "' content block");
            }
        }
        if (!parts.isEmpty()) {
            messages.addObject().put("role", role).set("content", parts);
        }
    }

    /** An assistant turn: its text joined, its tool_use blocks as tool calls; thinking blocks left out. */
    private static ObjectNode assistant(JsonNode content) {
        ObjectNode out = Json.NODES.objectNode().put("role", "assistant");
        StringBuilder text = new StringBuilder();
        ArrayNode calls = Json.NODES.arrayNode();
        for (JsonNode block : content) {
            String type = Json.stringOrNull(block, "type");
            switch (type == null ? "" : type) {
                case "text" -> text.append(Json.stringOrNull(block, "text"));
                case "tool_use" -> {
                    ObjectNode call = calls.addObject().put("id", Json.stringOrNull(block, "id")).put("type", "function");
                    JsonNode input = block.get("input");
                    call.putObject("function").put("name", Json.stringOrNull(block, "name"))
                            .put("arguments", input == null ? "{}" : new String(Json.write(input), java.nio.charset.StandardCharsets.UTF_8));
                }
                case "thinking", "redacted_thinking" -> {
                    // signed by another provider: meaningless to this upstream
                }
                default -> throw untranslatable("a '" + type + "' content block in an assistant turn");
            }
        }
        if (text.isEmpty()) {
            out.putNull("content");
        } else {
            out.put("content", text.toString());
        }
        if (!calls.isEmpty()) {
            out.set("tool_calls", calls);
        }
        return out;
    }

    private static ObjectNode toolResult(JsonNode block) {
        JsonNode content = block.get("content");
        if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                if (!"text".equals(Json.stringOrNull(part, "type"))) {
                    throw untranslatable("a tool result with '" + Json.stringOrNull(part, "type") + "' content");
                }
            }
        }
        String text = RequestTrees.text(content);
        if (RequestTrees.isTrue(block.get("is_error"))) {
            text = "Error: " + text;
        }
        return Json.NODES.objectNode().put("role", "tool").put("tool_call_id", Json.stringOrNull(block, "tool_use_id"))
                .put("content", text);
    }

    /** {@code source.type} base64 as a data URL, url as is. */
    private static ObjectNode image(JsonNode block) {
        JsonNode source = block.path("source");
        String url = switch (String.valueOf(Json.stringOrNull(source, "type"))) {
            case "base64" -> "data:" + Json.stringOrNull(source, "media_type") + ";base64," + Json.stringOrNull(source, "data");
            case "url" -> Json.stringOrNull(source, "url");
            default -> throw untranslatable("an image whose source is not base64 or url");
        };
        ObjectNode part = Json.NODES.objectNode().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    private static void tools(ObjectNode in, ObjectNode out) {
        JsonNode tools = in.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode functions = out.putArray("tools");
            for (JsonNode node : tools) {
                if (!(node instanceof ObjectNode tool)) {
                    throw untranslatable("a tool that is not an object");
                }
                String type = Json.stringOrNull(tool, "type");
                if (type != null && !"custom".equals(type)) {
                    throw untranslatable("the server tool '" + type + "'");
                }
                ObjectNode function = functions.addObject().put("type", "function").putObject("function");
                function.put("name", Json.stringOrNull(tool, "name"));
                copy(tool, function, "description");
                JsonNode schema = tool.get("input_schema");
                function.set("parameters", schema != null ? schema : Json.NODES.objectNode().put("type", "object"));
            }
        }
        JsonNode choice = in.get("tool_choice");
        if (choice == null || !choice.isObject()) {
            return;
        }
        switch (String.valueOf(Json.stringOrNull(choice, "type"))) {
            case "auto" -> out.put("tool_choice", "auto");
            case "any" -> out.put("tool_choice", "required");
            case "none" -> out.put("tool_choice", "none");
            case "tool" -> out.putObject("tool_choice").put("type", "function")
                    .putObject("function").put("name", Json.stringOrNull(choice, "name"));
            default -> throw untranslatable("tool_choice of type '" + Json.stringOrNull(choice, "type") + "'");
        }
        if (RequestTrees.isTrue(choice.get("disable_parallel_tool_use")) && out.has("tools")) {
            out.put("parallel_tool_calls", false);
        }
    }

    /** {@code output_format: {type: json_schema, schema}} as {@code response_format}. */
    private static void outputFormat(JsonNode format, ObjectNode out) {
        if (format == null || format.isNull()) {
            return;
        }
        if (!"json_schema".equals(Json.stringOrNull(format, "type")) || !format.has("schema")) {
            throw untranslatable("output_format of type '" + Json.stringOrNull(format, "type") + "'");
        }
        ObjectNode schema = out.putObject("response_format").put("type", "json_schema").putObject("json_schema");
        schema.put("name", "answer");
        schema.set("schema", format.get("schema"));
        schema.put("strict", true);
    }
}
