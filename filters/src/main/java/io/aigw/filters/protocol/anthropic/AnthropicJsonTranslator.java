package io.aigw.filters.protocol.anthropic;

import io.aigw.filters.protocol.AnswerEdits;
import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.JsonAnswer;
import io.aigw.filters.protocol.JsonTranslator;
import io.aigw.filters.protocol.TextKind;
import io.aigw.filters.protocol.ToolCallDelta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code message} object: one event per text content block ({@code text}), per thinking block
 * (its {@code thinking}, as reasoning) and per {@code tool_use} block (its {@code input} as the
 * arguments text), then the stop reason. Encoding writes texts back to their blocks and changed
 * arguments back as the block's {@code input}; a text, thinking or tool_use block whose event the
 * stages dropped (a blocked answer) is removed; text for an index past the blocks is a new text block.
 */
final class AnthropicJsonTranslator implements JsonTranslator {

    @Override
    public JsonAnswer decode(byte[] raw) {
        ObjectNode body = Json.parseUpstreamObject(raw);
        List<ChatEvent> events = new ArrayList<>();
        int index = 0;
        for (JsonNode block : body.path("content")) {
            String type = Json.stringOrNull(block, "type");
            if ("text".equals(type)) {
                String text = Json.stringOrNull(block, "text");
                events.add(ChatEvent.decodedText(index, TextKind.CONTENT, text == null ? "" : text));
            } else if ("thinking".equals(type)) {
                String thinking = Json.stringOrNull(block, "thinking");
                events.add(ChatEvent.decodedText(index, TextKind.REASONING, thinking == null ? "" : thinking));
            } else if ("tool_use".equals(type)) {
                JsonNode input = block.get("input");
                events.add(ChatEvent.decodedTools(index, List.of(new ToolCallDelta(index, Json.stringOrNull(block, "id"),
                        Json.stringOrNull(block, "name"), input == null ? "{}" : new String(Json.write(input), StandardCharsets.UTF_8)))));
            }
            index++;
        }
        String stop = Json.stringOrNull(body, "stop_reason");
        if (stop != null) {
            events.add(ChatEvent.decoded(null, null, 0, null, stop, false));
        }
        events.add(ChatEvent.decodedAnswerEnd(body, AnthropicAdapter.usageIn(body))); // answer-level fields for stages
        return new JsonAnswer(body, raw, events);
    }

    @Override
    public byte[] encode(JsonAnswer answer, List<ChatEvent> processed) {
        ObjectNode body = answer.body().deepCopy();
        AnswerEdits edits = AnswerEdits.of(processed);
        ArrayNode content = body.get("content") instanceof ArrayNode a ? a : body.putArray("content");
        int blocks = content.size();
        for (int index : edits.textIndexes()) {
            if (index < blocks && content.get(index) instanceof ObjectNode block) {
                block.put("text", edits.text(index));
            } else {
                content.addObject().put("type", "text").put("text", edits.text(index));
            }
        }
        for (ChatEvent e : processed) {
            for (ToolCallDelta tool : e.tools()) {
                if (tool.position() < blocks && content.get(tool.position()) instanceof ObjectNode block
                        && tool.arguments() != null) {
                    block.set("input", Json.parseUpstream(tool.arguments()));
                }
            }
        }
        removeDropped(answer.events(), processed, content, blocks);
        String stop = edits.anyFinish();
        if (stop != null) {
            body.put("stop_reason", stop);
        }
        edits.extraFields().forEach(body::set);
        return Json.write(body);
    }

    /** Removes the upstream blocks whose decoded event no processed event carries any more. */
    private static void removeDropped(List<ChatEvent> decoded, List<ChatEvent> processed, ArrayNode content, int blocks) {
        BitSet kept = new BitSet();
        for (ChatEvent e : processed) {
            if (e.hasText() || e.hasTools()) {
                kept.set(e.index());
            }
        }
        BitSet dropped = new BitSet();
        for (ChatEvent e : decoded) {
            if ((e.hasText() || e.hasTools()) && !kept.get(e.index()) && e.index() < blocks) {
                dropped.set(e.index());
            }
        }
        for (int i = dropped.length() - 1; i >= 0; i = dropped.previousSetBit(i - 1)) {
            content.remove(i);
        }
    }
}
