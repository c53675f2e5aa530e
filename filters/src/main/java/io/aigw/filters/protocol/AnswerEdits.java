package io.aigw.filters.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * What processed events say about a non-streamed answer: the text per index (the concatenation of
 * its text events), the last finish reason per index, and the extra top-level fields.
 */
public final class AnswerEdits {

    private final Map<Integer, StringBuilder> texts = new TreeMap<>();
    private final Map<Integer, String> finishes = new TreeMap<>();
    private final Map<String, JsonNode> extraFields = new LinkedHashMap<>();

    private AnswerEdits() {
    }

    public static AnswerEdits of(List<ChatEvent> events) {
        AnswerEdits edits = new AnswerEdits();
        for (ChatEvent e : events) {
            if (e.hasText()) {
                edits.texts.computeIfAbsent(e.index(), i -> new StringBuilder()).append(e.text());
            }
            if (e.hasFinish()) {
                edits.finishes.put(e.index(), e.finishReason());
            }
            edits.extraFields.putAll(e.extraFields());
        }
        return edits;
    }

    /** The text for {@code index}, or {@code null} when no text event had that index. */
    public String text(int index) {
        StringBuilder sb = texts.get(index);
        return sb == null ? null : sb.toString();
    }

    /** The indexes that have text, ascending. */
    public Iterable<Integer> textIndexes() {
        return texts.keySet();
    }

    public String finish(int index) {
        return finishes.get(index);
    }

    /** The last finish reason given for any index, or {@code null}. */
    public String anyFinish() {
        String last = null;
        for (String f : finishes.values()) {
            last = f;
        }
        return last;
    }

    public Map<String, JsonNode> extraFields() {
        return extraFields;
    }
}
