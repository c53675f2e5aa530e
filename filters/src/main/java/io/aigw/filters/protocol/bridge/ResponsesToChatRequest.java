package io.aigw.filters.protocol.bridge;

import static io.aigw.filters.protocol.bridge.RequestTrees.copy;
import static io.aigw.filters.protocol.bridge.RequestTrees.untranslatable;

import io.aigw.filters.protocol.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Responses API request as an OpenAI Chat Completions request (as LiteLLM and Envoy AI Gateway
 * translate it): {@code instructions} is the first {@code system} message; a string {@code input} one
 * user message; {@code message} items messages of their role ({@code developer} as {@code system}, which
 * every compatible upstream knows), their {@code input_text}/{@code output_text} parts text parts (an
 * assistant's joined into its content, its {@code refusal} its refusal), {@code input_image} an
 * {@code image_url} part, {@code input_file} a {@code file} part, {@code input_audio} an
 * {@code input_audio} part; consecutive {@code function_call} items one assistant message's
 * {@code tool_calls} (joined to the assistant message just before them); {@code function_call_output} a
 * {@code tool} message; {@code reasoning} items are left out (Chat Completions takes no reasoning back).
 * {@code function} tools, {@code tool_choice}, {@code text.format} ({@code response_format}),
 * {@code max_output_tokens} ({@code max_tokens}), {@code reasoning.effort} ({@code reasoning_effort}),
 * {@code temperature}, {@code top_p}, {@code parallel_tool_calls}, {@code user}, {@code service_tier}
 * and a stream (with {@code stream_options.include_usage}, for the usage of {@code response.completed})
 * are carried over; what lives only in the upstream's state ({@code previous_response_id},
 * {@code conversation}, stored prompts, {@code item_reference}), built-in tools and other item kinds
 * are refused (400 {@code unsupported_across_protocols}); other settings ({@code store},
 * {@code include}, {@code truncation}, {@code metadata}, ...) are left out.
 */
final class ResponsesToChatRequest {

    private ResponsesToChatRequest() {
    }

    static byte[] translate(byte[] body) {
        ObjectNode in = RequestTrees.read(body);
        for (String stateful : new String[] {"previous_response_id", "conversation", "prompt", "background"}) {
            if (in.hasNonNull(stateful) && !(stateful.equals("background") && !RequestTrees.isTrue(in.get(stateful)))) {
                throw untranslatable("'" + stateful + "'");
            }
        }
        ObjectNode out = Json.NODES.objectNode();
        copy(in, out, "model");
        ArrayNode messages = out.putArray("messages");
        String instructions = Json.stringOrNull(in, "instructions");
        if (instructions != null) {
            messages.addObject().put("role", "system").put("content", instructions);
        }
        JsonNode input = in.get("input");
        if (input != null && input.isString()) {
            messages.addObject().put("role", "user").put("content", input.stringValue());
        } else if (input != null && input.isArray()) {
            for (JsonNode item : input) {
                item(item, messages);
            }
        }
        if (RequestTrees.isTrue(in.get("stream"))) {
            out.put("stream", true);
            out.putObject("stream_options").put("include_usage", true);
        }
        if (in.hasNonNull("max_output_tokens")) {
            out.set("max_tokens", in.get("max_output_tokens"));
        }
        for (String field : new String[] {"temperature", "top_p", "parallel_tool_calls", "user", "service_tier"}) {
            copy(in, out, field);
        }
        String effort = Json.stringOrNull(in.get("reasoning"), "effort");
        if (effort != null) {
            out.put("reasoning_effort", effort);
        }
        tools(in, out);
        format(in, out);
        return Json.write(out);
    }

    private static void item(JsonNode item, ArrayNode messages) {
        String type = Json.stringOrNull(item, "type");
        if (type == null && item.has("role")) {
            type = "message";
        }
        switch (String.valueOf(type)) {
            case "message" -> message(item, messages);
            case "function_call" -> {
                ObjectNode call = Json.NODES.objectNode().put("id", Json.stringOrNull(item, "call_id")).put("type", "function");
                call.putObject("function").put("name", Json.stringOrNull(item, "name"))
                        .put("arguments", Json.stringOrNull(item, "arguments") == null ? "" : Json.stringOrNull(item, "arguments"));
                ObjectNode last = messages.isEmpty() ? null : (ObjectNode) messages.get(messages.size() - 1);
                if (last == null || !"assistant".equals(Json.stringOrNull(last, "role"))) {
                    last = messages.addObject().put("role", "assistant");
                    last.putNull("content");
                }
                (last.get("tool_calls") instanceof ArrayNode calls ? calls : last.putArray("tool_calls")).add(call);
            }
            case "function_call_output" -> messages.addObject().put("role", "tool")
                    .put("tool_call_id", Json.stringOrNull(item, "call_id")).put("content", text(item.get("output")));
            case "reasoning" -> {
                // Chat Completions takes no reasoning back.
            }
            default -> throw untranslatable("an input item of type '" + type + "'");
        }
    }

    private static void message(JsonNode item, ArrayNode messages) {
        String role = String.valueOf(Json.stringOrNull(item, "role"));
        JsonNode content = item.get("content");
        ObjectNode message = messages.addObject().put("role", role.equals("developer") ? "system" : role);
        if (content == null || content.isNull() || content.isString()) {
            message.set("content", content == null ? Json.NODES.nullNode() : content);
            return;
        }
        if (!role.equals("user")) {
            message.put("content", text(content));
            for (JsonNode part : content) {
                if ("refusal".equals(Json.stringOrNull(part, "type"))) {
                    message.put("refusal", Json.stringOrNull(part, "refusal"));
                }
            }
            return;
        }
        ArrayNode parts = message.putArray("content");
        for (JsonNode part : content) {
            String type = String.valueOf(Json.stringOrNull(part, "type"));
            switch (type) {
                case "input_text", "output_text" -> parts.addObject().put("type", "text").put("text", Json.stringOrNull(part, "text"));
                case "input_image" -> {
                    String url = Json.stringOrNull(part, "image_url");
                    if (url == null) {
                        throw untranslatable("an input_image given by file_id");
                    }
                    ObjectNode image = parts.addObject().put("type", "image_url").putObject("image_url").put("url", url);
                    copy((ObjectNode) part, image, "detail");
                }
                case "input_file" -> {
                    ObjectNode file = parts.addObject().put("type", "file").putObject("file");
                    for (String field : new String[] {"file_id", "file_data", "filename"}) {
                        copy((ObjectNode) part, file, field);
                    }
                }
                case "input_audio" -> parts.addObject().put("type", "input_audio").set("input_audio", part.get("input_audio"));
                default -> throw untranslatable("a content part of type '" + type + "'");
            }
        }
    }

    /** A string, or the text of {@code input_text}/{@code output_text} parts joined; other parts refused. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.stringValue();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            String type = String.valueOf(Json.stringOrNull(part, "type"));
            if (type.equals("input_text") || type.equals("output_text")) {
                text.append(Json.stringOrNull(part, "text"));
            } else if (!type.equals("refusal")) {
                throw untranslatable("a content part of type '" + type + "' outside a user message");
            }
        }
        return text.toString();
    }

    private static void tools(ObjectNode in, ObjectNode out) {
        if (in.get("tools") instanceof ArrayNode tools && !tools.isEmpty()) {
            ArrayNode translated = out.putArray("tools");
            for (JsonNode tool : tools) {
                String type = Json.stringOrNull(tool, "type");
                if (!"function".equals(type)) {
                    throw untranslatable("a built-in tool ('" + type + "')");
                }
                ObjectNode function = translated.addObject().put("type", "function").putObject("function");
                for (String field : new String[] {"name", "description", "parameters", "strict"}) {
                    copy((ObjectNode) tool, function, field);
                }
            }
        }
        JsonNode choice = in.get("tool_choice");
        if (choice != null && choice.isString()) {
            out.set("tool_choice", choice);
        } else if (choice instanceof ObjectNode object) {
            if (!"function".equals(Json.stringOrNull(object, "type"))) {
                throw untranslatable("a tool_choice of type '" + Json.stringOrNull(object, "type") + "'");
            }
            out.putObject("tool_choice").put("type", "function").putObject("function").put("name", Json.stringOrNull(object, "name"));
        }
    }

    private static void format(ObjectNode in, ObjectNode out) {
        JsonNode format = in.path("text").get("format");
        String type = Json.stringOrNull(format, "type");
        if (type == null || type.equals("text")) {
            return;
        }
        ObjectNode responseFormat = out.putObject("response_format").put("type", type);
        if (type.equals("json_schema")) {
            ObjectNode schema = responseFormat.putObject("json_schema");
            for (String field : new String[] {"name", "description", "schema", "strict"}) {
                copy((ObjectNode) format, schema, field);
            }
        }
    }
}
