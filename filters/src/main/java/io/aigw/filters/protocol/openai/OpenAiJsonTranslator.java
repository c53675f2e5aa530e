package io.aigw.filters.protocol.openai;

import io.aigw.filters.protocol.AnswerEdits;
import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.JsonAnswer;
import io.aigw.filters.protocol.JsonTranslator;
import io.aigw.filters.protocol.TextKind;
import io.aigw.filters.protocol.ToolCallDelta;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code chat.completion} object: per choice, one event per text it has ({@code reasoning_content},
 * {@code content}, {@code refusal}, in that order), one event with its {@code tool_calls}, then the
 * finish events. Encoding writes each text back to its own field and each tool call's arguments to
 * its call; a call the stages dropped (a blocked answer) is removed.
 */
final class OpenAiJsonTranslator implements JsonTranslator {

    @Override
    public JsonAnswer decode(byte[] raw) {
        ObjectNode body = Json.parseUpstreamObject(raw);
        List<ChatEvent> events = new ArrayList<>();
        List<ChatEvent> finishes = new ArrayList<>();
        for (JsonNode choice : body.path("choices")) {
            int index = choice.path("index").asInt(0);
            JsonNode message = choice.get("message");
            adoptReasoningAlias(message);
            for (TextKind kind : new TextKind[] {TextKind.REASONING, TextKind.CONTENT, TextKind.REFUSAL}) {
                String text = Json.stringOrNull(message, OpenAiFields.textField(kind));
                if (text != null) {
                    events.add(ChatEvent.decodedText(index, kind, text));
                }
            }
            List<ToolCallDelta> tools = toolCalls(message);
            if (!tools.isEmpty()) {
                events.add(ChatEvent.decodedTools(index, tools));
            }
            String finish = Json.stringOrNull(choice, "finish_reason");
            if (finish != null) {
                finishes.add(ChatEvent.decoded(null, null, index, null, finish, false));
            }
        }
        events.addAll(finishes);
        events.add(ChatEvent.decodedAnswerEnd(body, OpenAiAdapter.usageOf(body.get("usage")))); // answer-level fields for stages
        return new JsonAnswer(body, raw, events);
    }

    @Override
    public byte[] encode(JsonAnswer answer, List<ChatEvent> processed) {
        ObjectNode body = answer.body().deepCopy();
        AnswerEdits edits = AnswerEdits.of(processed);
        for (JsonNode choice : body.path("choices")) {
            if (!(choice instanceof ObjectNode c)) {
                continue;
            }
            int index = c.path("index").asInt(0);
            ObjectNode message = c.get("message") instanceof ObjectNode m ? m : null;
            for (TextKind kind : TextKind.values()) {
                String text = edits.text(index, kind);
                if (text != null) {
                    message = message != null ? message : c.putObject("message");
                    message.put(OpenAiFields.textField(kind), text);
                } else if (message != null && dropped(answer.events(), index, kind)) {
                    message.putNull(OpenAiFields.textField(kind)); // a blocked answer's text that never passed
                }
            }
            if (message != null && message.get("tool_calls") instanceof ArrayNode calls && !calls.isEmpty()) {
                List<ToolCallDelta> kept = edits.tools(index);
                if (kept.isEmpty()) {
                    message.remove("tool_calls");
                } else {
                    OpenAiFields.putToolCalls(message, kept, false);
                }
            }
            String finish = edits.finish(index);
            if (finish != null) {
                c.put("finish_reason", finish);
            }
        }
        edits.extraFields().forEach(body::set);
        return Json.write(body);
    }

    /**
     * Moves {@code message.reasoning} (Ollama, recent vLLM) to {@code reasoning_content}, where it is scanned
     * and, when changed, written back: left beside it, it would go out unscanned in an edited answer.
     *
     * @throws ProtocolException {@code UPSTREAM_PROTOCOL} when both are there with different texts
     */
    private static void adoptReasoningAlias(JsonNode message) {
        if (!(message instanceof ObjectNode m) || m.get(OpenAiFields.REASONING_ALIAS) == null || !m.get(OpenAiFields.REASONING_ALIAS).isString()) {
            return;
        }
        JsonNode alias = m.get(OpenAiFields.REASONING_ALIAS);
        String existing = Json.stringOrNull(m, "reasoning_content");
        if (existing != null && !existing.equals(alias.stringValue())) {
            throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL,
                    "the upstream sent a message with two different reasoning texts (reasoning, reasoning_content)");
        }
        m.remove(OpenAiFields.REASONING_ALIAS);
        m.put("reasoning_content", alias.stringValue());
    }

    /** Whether the answer had a text of {@code kind} for {@code index} (which the stages then dropped). */
    private static boolean dropped(List<ChatEvent> decoded, int index, TextKind kind) {
        return decoded.stream().anyMatch(e -> e.hasText() && e.index() == index && e.kind() == kind);
    }

    /** {@code message.tool_calls}: each object element at its array position. */
    private static List<ToolCallDelta> toolCalls(JsonNode message) {
        JsonNode calls = message == null ? null : message.get("tool_calls");
        if (calls == null || !calls.isArray()) {
            return List.of();
        }
        List<ToolCallDelta> tools = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            if (call.isObject()) {
                JsonNode function = call.get("function");
                tools.add(new ToolCallDelta(i, Json.stringOrNull(call, "id"), Json.stringOrNull(function, "name"),
                        Json.stringOrNull(function, "arguments")));
            }
        }
        return tools;
    }
}
