package io.aigw.filters.protocol.anthropic;

import io.aigw.filters.protocol.AnswerEdits;
import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.JsonAnswer;
import io.aigw.filters.protocol.JsonTranslator;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A {@code message} object: one text event per text content block, then the stop reason. */
final class AnthropicJsonTranslator implements JsonTranslator {

    @Override
    public JsonAnswer decode(byte[] raw) {
        ObjectNode body = Json.parseUpstreamObject(raw);
        List<ChatEvent> events = new ArrayList<>();
        int index = 0;
        for (JsonNode block : body.path("content")) {
            if ("text".equals(Json.stringOrNull(block, "type"))) {
                String text = Json.stringOrNull(block, "text");
                events.add(ChatEvent.decoded(null, null, index, text == null ? "" : text, null, false));
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
        for (int index : edits.textIndexes()) {
            if (index < content.size() && content.get(index) instanceof ObjectNode block) {
                block.put("text", edits.text(index));
            } else {
                content.addObject().put("type", "text").put("text", edits.text(index));
            }
        }
        String stop = edits.anyFinish();
        if (stop != null) {
            body.put("stop_reason", stop);
        }
        edits.extraFields().forEach(body::set);
        return Json.write(body);
    }
}
