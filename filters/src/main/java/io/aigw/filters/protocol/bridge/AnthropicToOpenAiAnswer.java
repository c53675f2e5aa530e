package io.aigw.filters.protocol.bridge;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.JsonAnswer;
import io.aigw.filters.protocol.TextKind;
import io.aigw.filters.protocol.TokenCounts;
import io.aigw.filters.protocol.ToolCallDelta;
import java.time.Clock;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Anthropic {@code message}, as the Anthropic adapter decoded it, as a {@code chat.completion} with
 * one choice: the text blocks joined as its content, the thinking blocks as {@code reasoning_content}
 * (as DeepSeek and Qwen send it), the tool_use blocks as {@code tool_calls} (the input as the
 * arguments text), the stop reason mapped ({@link StopReasons}), the usage as {@code prompt_tokens} /
 * {@code completion_tokens} / {@code total_tokens}; {@code created} is the time of translation.
 */
final class AnthropicToOpenAiAnswer {

    private AnthropicToOpenAiAnswer() {
    }

    static ObjectNode convert(JsonAnswer upstream, Clock clock) {
        List<ChatEvent> events = upstream.events();
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        boolean hasText = false;
        ArrayNode calls = Json.NODES.arrayNode();
        String stop = null;
        for (ChatEvent e : events) {
            if (e.hasText() && e.kind() == TextKind.REASONING) {
                reasoning.append(e.text());
            } else if (e.hasText()) {
                text.append(e.text());
                hasText = true;
            }
            for (ToolCallDelta tool : e.tools()) {
                ObjectNode call = calls.addObject().put("id", tool.id()).put("type", "function");
                call.putObject("function").put("name", tool.name()).put("arguments", tool.arguments());
            }
            if (e.hasFinish()) {
                stop = e.finishReason();
            }
        }
        ObjectNode completion = Json.NODES.objectNode();
        completion.put("id", OpenAiToAnthropicAnswer.idOf(upstream.body()));
        completion.put("object", "chat.completion");
        completion.put("created", clock.millis() / 1000);
        completion.set("model", upstream.body().get("model"));
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (hasText) {
            message.put("content", text.toString());
        } else {
            message.putNull("content");
        }
        message.putNull("refusal");
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", StopReasons.toOpenAi(stop));
        TokenCounts usage = events.get(events.size() - 1).usage();
        if (usage != null) {
            completion.set("usage", OpenAiUsage.of(usage));
        }
        return completion;
    }
}
