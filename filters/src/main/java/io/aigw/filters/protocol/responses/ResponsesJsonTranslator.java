package io.aigw.filters.protocol.responses;

import io.aigw.filters.protocol.AnswerEdits;
import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.Json;
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
 * A {@code response} object: per output item (its position is the index), one event per text it has
 * (reasoning: its summary and content texts; a message: its {@code output_text} parts, then its
 * {@code refusal} parts, each kind joined), one event with a {@code function_call}'s call, then the end
 * event (the usage). Encoding writes each text back into its item (all of a kind into the first part of
 * that kind), each call's arguments into its item, drops the items whose output the stages dropped (a
 * blocked answer), adds a message item for text that has no item (a refusal, a label), marks a blocked
 * answer {@code incomplete} ({@code content_filter}) and adds the extra fields at the top level.
 */
final class ResponsesJsonTranslator implements JsonTranslator {

    @Override
    public JsonAnswer decode(byte[] raw) {
        ObjectNode body = Json.parseUpstreamObject(raw);
        List<ChatEvent> events = new ArrayList<>();
        JsonNode output = body.get("output");
        for (int index = 0; output != null && index < output.size(); index++) {
            JsonNode item = output.get(index);
            switch (String.valueOf(Json.stringOrNull(item, "type"))) {
                case "message" -> {
                    for (TextKind kind : List.of(TextKind.CONTENT, TextKind.REFUSAL)) {
                        String text = texts(item.get("content"), kind);
                        if (text != null) {
                            events.add(ChatEvent.decodedText(index, kind, text));
                        }
                    }
                }
                case "reasoning" -> {
                    String summary = texts(item.get("summary"), TextKind.REASONING);
                    String content = texts(item.get("content"), TextKind.REASONING);
                    String text = summary == null ? content : content == null ? summary : summary + content;
                    if (text != null) {
                        events.add(ChatEvent.decodedText(index, TextKind.REASONING, text));
                    }
                }
                case "function_call" -> events.add(ChatEvent.decodedTools(index, List.of(new ToolCallDelta(index,
                        Json.stringOrNull(item, "call_id"), Json.stringOrNull(item, "name"), Json.stringOrNull(item, "arguments")))));
                default -> {
                }
            }
        }
        events.add(ChatEvent.decodedAnswerEnd(body, ResponsesAdapter.usageIn(body)));
        return new JsonAnswer(body, raw, events);
    }

    @Override
    public byte[] encode(JsonAnswer answer, List<ChatEvent> processed) {
        ObjectNode body = answer.body().deepCopy();
        AnswerEdits edits = AnswerEdits.of(processed);
        ArrayNode kept = Json.NODES.arrayNode();
        JsonNode output = body.get("output");
        int size = output == null ? 0 : output.size();
        for (int index = 0; index < size; index++) {
            if (!(output.get(index) instanceof ObjectNode item)) {
                kept.add(output.get(index));
                continue;
            }
            if (keep(item, index, answer.events(), edits)) {
                kept.add(item);
            }
        }
        List<Integer> added = new ArrayList<>();
        for (ChatEvent e : processed) {
            if (e.hasText() && e.index() >= size && !added.contains(e.index())) {
                added.add(e.index());
                ObjectNode message = ResponsesEvents.messageItem(ResponsesEvents.newItemId(size + added.size() - 1), "completed");
                ((ArrayNode) message.get("content")).add(ResponsesEvents.textPart(edits.text(e.index(), TextKind.CONTENT)));
                kept.add(message);
            }
        }
        body.set("output", kept);
        if (processed.stream().anyMatch(e -> ResponsesAdapter.CONTENT_FILTER.equals(e.finishReason()))) {
            body.put("status", "incomplete");
            body.putObject("incomplete_details").put("reason", ResponsesAdapter.CONTENT_FILTER);
        }
        edits.extraFields().forEach(body::set);
        return Json.write(body);
    }

    /** Writes the item's texts or call as processed; false when the stages dropped all of it. */
    private static boolean keep(ObjectNode item, int index, List<ChatEvent> decoded, AnswerEdits edits) {
        switch (String.valueOf(Json.stringOrNull(item, "type"))) {
            case "message" -> {
                boolean any = false;
                boolean had = false;
                for (TextKind kind : List.of(TextKind.CONTENT, TextKind.REFUSAL)) {
                    String text = edits.text(index, kind);
                    had |= decoded.stream().anyMatch(e -> e.hasText() && e.index() == index && e.kind() == kind);
                    if (text != null) {
                        any = true;
                        put(item.get("content"), kind, text);
                        if (kind == TextKind.CONTENT && !hasPart(item.get("content"), kind) && item.get("content") instanceof ArrayNode c) {
                            c.add(ResponsesEvents.textPart(text));
                        }
                    }
                }
                return any || !had;
            }
            case "reasoning" -> {
                String text = edits.text(index, TextKind.REASONING);
                boolean had = decoded.stream().anyMatch(e -> e.hasText() && e.index() == index);
                if (text != null) {
                    put(item.get("summary"), TextKind.REASONING, text);
                    put(item.get("content"), TextKind.REASONING, hasPart(item.get("summary"), TextKind.REASONING) ? "" : text);
                }
                return text != null || !had;
            }
            case "function_call" -> {
                List<ToolCallDelta> calls = edits.tools(index);
                if (calls.isEmpty()) {
                    return false;
                }
                item.put("arguments", calls.get(calls.size() - 1).arguments());
                return true;
            }
            default -> {
                return true;
            }
        }
    }

    /** The parts' texts of {@code kind} joined; null when there is no such part. */
    private static String texts(JsonNode parts, TextKind kind) {
        if (parts == null || !parts.isArray()) {
            return null;
        }
        StringBuilder text = null;
        for (JsonNode part : parts) {
            if (isKind(part, kind)) {
                text = text == null ? new StringBuilder() : text;
                text.append(Json.stringOrNull(part, field(kind)) == null ? "" : Json.stringOrNull(part, field(kind)));
            }
        }
        return text == null ? null : text.toString();
    }

    /** All of {@code text} into the first part of {@code kind}, the others of that kind emptied. */
    private static void put(JsonNode parts, TextKind kind, String text) {
        if (parts == null || !parts.isArray()) {
            return;
        }
        boolean first = true;
        for (JsonNode part : parts) {
            if (isKind(part, kind) && part instanceof ObjectNode p) {
                p.put(field(kind), first ? text : "");
                first = false;
            }
        }
    }

    private static boolean hasPart(JsonNode parts, TextKind kind) {
        if (parts == null || !parts.isArray()) {
            return false;
        }
        for (JsonNode part : parts) {
            if (isKind(part, kind)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isKind(JsonNode part, TextKind kind) {
        String type = Json.stringOrNull(part, "type");
        return switch (kind) {
            case CONTENT -> "output_text".equals(type);
            case REFUSAL -> "refusal".equals(type);
            case REASONING -> "summary_text".equals(type) || "reasoning_text".equals(type);
        };
    }

    private static String field(TextKind kind) {
        return kind == TextKind.REFUSAL ? "refusal" : "text";
    }
}
