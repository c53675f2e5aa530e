package io.aigw.filters.protocol.openai;

import io.aigw.filters.protocol.TextKind;
import io.aigw.filters.protocol.ToolCallDelta;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Where the Chat Completions wire keeps each kind of text and the tool calls of a message or delta. */
final class OpenAiFields {

    private OpenAiFields() {
    }

    /** Where Ollama and recent vLLM put reasoning; read as {@code reasoning_content}, never written. */
    static final String REASONING_ALIAS = "reasoning";

    /** {@code content}, {@code refusal} or {@code reasoning_content}. */
    static String textField(TextKind kind) {
        return switch (kind) {
            case CONTENT -> "content";
            case REFUSAL -> "refusal";
            case REASONING -> "reasoning_content";
        };
    }

    /**
     * Writes {@code tools} into {@code message.tool_calls}: the element with the tool's {@code index}
     * (streams) or at its array position (whole answers) gets the tool's arguments; an element the
     * list does not name is removed when {@code keepOthers} is false (a blocked call), missing ones
     * are added.
     */
    static void putToolCalls(ObjectNode message, List<ToolCallDelta> tools, boolean keepOthers) {
        ArrayNode calls = message.get("tool_calls") instanceof ArrayNode a ? a : message.putArray("tool_calls");
        if (!keepOthers) {
            for (int i = calls.size() - 1; i >= 0; i--) {
                int position = positionOf(calls.get(i), i);
                if (tools.stream().noneMatch(t -> t.position() == position)) {
                    calls.remove(i);
                }
            }
        }
        for (ToolCallDelta tool : tools) {
            ObjectNode call = find(calls, tool.position());
            if (call == null) {
                call = calls.addObject();
                call.put("index", tool.position());
                if (tool.id() != null) {
                    call.put("id", tool.id());
                    call.put("type", "function");
                }
            }
            ObjectNode function = call.get("function") instanceof ObjectNode f ? f : call.putObject("function");
            if (tool.name() != null) {
                function.put("name", tool.name());
            }
            if (tool.arguments() != null) {
                function.put("arguments", tool.arguments());
            }
        }
    }

    private static ObjectNode find(ArrayNode calls, int position) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i) instanceof ObjectNode call && positionOf(call, i) == position) {
                return call;
            }
        }
        return null;
    }

    /** A streamed piece's {@code index}, else its array position. */
    static int positionOf(JsonNode call, int arrayPosition) {
        JsonNode index = call.get("index");
        return index != null && index.isIntegralNumber() ? index.asInt() : arrayPosition;
    }
}
