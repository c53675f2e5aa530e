package io.aigw.filters.protocol.openai;

import io.aigw.filters.protocol.AnswerEdits;
import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.JsonAnswer;
import io.aigw.filters.protocol.JsonTranslator;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A {@code chat.completion} object: one text and one finish event per choice. */
final class OpenAiJsonTranslator implements JsonTranslator {

    @Override
    public JsonAnswer decode(byte[] raw) {
        ObjectNode body = Json.parseUpstreamObject(raw);
        List<ChatEvent> events = new ArrayList<>();
        List<ChatEvent> finishes = new ArrayList<>();
        for (JsonNode choice : body.path("choices")) {
            int index = choice.path("index").asInt(0);
            String text = Json.stringOrNull(choice.get("message"), "content");
            if (text != null) {
                events.add(ChatEvent.decoded(null, null, index, text, null, false));
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
            String text = edits.text(index);
            if (text != null) {
                ObjectNode message = c.get("message") instanceof ObjectNode m ? m : c.putObject("message");
                message.put("content", text);
            }
            String finish = edits.finish(index);
            if (finish != null) {
                c.put("finish_reason", finish);
            }
        }
        edits.extraFields().forEach(body::set);
        return Json.write(body);
    }
}
