package io.aigw.filters.protocol.bridge;

import io.aigw.filters.protocol.AnswerEdits;
import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.JsonAnswer;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.TextKind;
import io.aigw.filters.protocol.TokenCounts;
import io.aigw.filters.protocol.ToolCallDelta;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code chat.completion}, as the OpenAI adapter decoded it, as an Anthropic {@code message}: the
 * first choice's reasoning as a thinking block, its content (or refusal) as a text block, its tool
 * calls as tool_use blocks (the arguments parsed as the input), the finish reason mapped
 * ({@link StopReasons}), {@code prompt_tokens} / {@code completion_tokens} as the usage.
 */
final class OpenAiToAnthropicAnswer {

    private OpenAiToAnthropicAnswer() {
    }

    static ObjectNode convert(JsonAnswer upstream) {
        if (!(upstream.body().get("choices") instanceof ArrayNode choices) || choices.isEmpty()) {
            throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream answer has no choices");
        }
        List<ChatEvent> events = upstream.events();
        AnswerEdits first = AnswerEdits.of(events);
        ObjectNode message = Json.NODES.objectNode();
        message.put("id", idOf(upstream.body()));
        message.put("type", "message");
        message.put("role", "assistant");
        message.set("model", upstream.body().get("model"));
        ArrayNode content = message.putArray("content");
        String reasoning = first.text(0, TextKind.REASONING);
        if (reasoning != null && !reasoning.isEmpty()) {
            content.addObject().put("type", "thinking").put("thinking", reasoning).put("signature", "");
        }
        String text = first.text(0, TextKind.CONTENT);
        String refusal = first.text(0, TextKind.REFUSAL);
        String answer = text != null && !text.isEmpty() ? text : refusal;
        if (answer != null && !answer.isEmpty()) {
            content.addObject().put("type", "text").put("text", answer);
        }
        for (ToolCallDelta call : first.tools(0)) {
            ObjectNode use = content.addObject().put("type", "tool_use");
            use.put("id", call.id()).put("name", call.name());
            use.set("input", input(call.arguments()));
        }
        message.put("stop_reason", StopReasons.toAnthropic(first.finish(0)));
        message.putNull("stop_sequence");
        TokenCounts usage = events.get(events.size() - 1).usage();
        ObjectNode counts = message.putObject("usage");
        counts.put("input_tokens", usage == null || usage.inputTokens() == null ? 0 : usage.inputTokens());
        counts.put("output_tokens", usage == null || usage.outputTokens() == null ? 0 : usage.outputTokens());
        return message;
    }

    static String idOf(JsonNode body) {
        String id = Json.stringOrNull(body, "id");
        return id != null ? id : "msg_unknown";
    }

    /** A tool call's arguments as a tool_use input: a JSON object, else an upstream protocol error. */
    private static JsonNode input(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.NODES.objectNode();
        }
        try {
            if (Json.MAPPER.readTree(arguments) instanceof ObjectNode input) {
                return input;
            }
        } catch (JacksonException e) {
            // refused below
        }
        throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream sent tool call arguments that are not a JSON object");
    }
}
