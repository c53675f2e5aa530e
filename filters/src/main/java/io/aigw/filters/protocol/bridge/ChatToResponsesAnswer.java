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
import io.aigw.filters.protocol.responses.ResponsesEvents;
import java.time.Clock;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code chat.completion}, as the OpenAI adapter decoded it, as a Responses API {@code response}: the
 * first choice's reasoning as a reasoning item, its content and refusal as a message item's
 * {@code output_text} and {@code refusal} parts, its tool calls as {@code function_call} items; a
 * {@code length} or {@code content_filter} finish makes it {@code incomplete}
 * ({@code max_output_tokens}, {@code content_filter}); {@code prompt_tokens} / {@code completion_tokens}
 * are the usage.
 */
final class ChatToResponsesAnswer {

    private ChatToResponsesAnswer() {
    }

    static ObjectNode convert(JsonAnswer upstream, Clock clock) {
        if (!(upstream.body().get("choices") instanceof ArrayNode choices) || choices.isEmpty()) {
            throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream answer has no choices");
        }
        List<ChatEvent> events = upstream.events();
        AnswerEdits first = AnswerEdits.of(events);
        ObjectNode response = skeleton(upstream.body(), clock);
        ArrayNode output = response.putArray("output");
        String reasoning = first.text(0, TextKind.REASONING);
        if (reasoning != null && !reasoning.isEmpty()) {
            ObjectNode item = output.addObject().put("id", "rs_0").put("type", "reasoning");
            item.putArray("summary");
            item.putArray("content").addObject().put("type", "reasoning_text").put("text", reasoning);
        }
        String text = first.text(0, TextKind.CONTENT);
        String refusal = first.text(0, TextKind.REFUSAL);
        if ((text != null && !text.isEmpty()) || refusal != null) {
            ObjectNode message = ResponsesEvents.messageItem("msg_" + output.size(), "completed");
            if (text != null && !text.isEmpty()) {
                message.withArray("content").add(ResponsesEvents.textPart(text));
            }
            if (refusal != null) {
                message.withArray("content").addObject().put("type", "refusal").put("refusal", refusal);
            }
            output.add(message);
        }
        for (ToolCallDelta call : first.tools(0)) {
            output.addObject().put("id", "fc_" + output.size()).put("type", "function_call").put("status", "completed")
                    .put("call_id", call.id()).put("name", call.name())
                    .put("arguments", call.arguments() == null ? "" : call.arguments());
        }
        String incomplete = incompleteReason(first.finish(0));
        response.put("status", incomplete == null ? "completed" : "incomplete");
        if (incomplete != null) {
            response.putObject("incomplete_details").put("reason", incomplete);
        }
        response.set("usage", usage(events.get(events.size() - 1).usage()));
        return response;
    }

    /** The {@code incomplete_details.reason} of a chat finish reason, or null for a complete answer. */
    static String incompleteReason(String finishReason) {
        if ("length".equals(finishReason)) {
            return "max_output_tokens";
        }
        return "content_filter".equals(finishReason) ? "content_filter" : null;
    }

    /**
     * A {@code response} with the fields every response has (those the SDKs require), in progress and
     * without output: its id, creation time and model from {@code chunk} (a chat completion or chunk) when it has them.
     */
    static ObjectNode skeleton(JsonNode chunk, Clock clock) {
        ObjectNode response = Json.NODES.objectNode();
        String id = Json.stringOrNull(chunk, "id");
        response.put("id", "resp_" + (id != null ? id : Long.toHexString(clock.millis())));
        response.put("object", "response");
        JsonNode created = chunk == null ? null : chunk.get("created");
        response.put("created_at", created != null && created.isNumber() ? created.asLong() : clock.millis() / 1000);
        response.put("status", "in_progress");
        response.putNull("error");
        response.putNull("incomplete_details");
        response.putNull("instructions");
        response.putNull("max_output_tokens");
        String model = Json.stringOrNull(chunk, "model");
        response.put("model", model != null ? model : "");
        response.putArray("output");
        response.put("parallel_tool_calls", true);
        response.putNull("previous_response_id");
        response.putNull("temperature");
        response.put("tool_choice", "auto");
        response.putArray("tools");
        response.putNull("top_p");
        response.putObject("metadata");
        response.putNull("usage");
        return response;
    }

    /** A Responses {@code usage} object for {@code counts} (zero for a count not reported); null when none was. */
    static JsonNode usage(TokenCounts counts) {
        if (counts == null) {
            return Json.NODES.nullNode();
        }
        long input = counts == null || counts.inputTokens() == null ? 0 : counts.inputTokens();
        long output = counts == null || counts.outputTokens() == null ? 0 : counts.outputTokens();
        ObjectNode usage = Json.NODES.objectNode().put("input_tokens", input);
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.put("output_tokens", output);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", input + output);
        return usage;
    }
}
