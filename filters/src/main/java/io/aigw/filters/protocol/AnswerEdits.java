package io.aigw.filters.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * What processed events say about a non-streamed answer: the text per index and kind (the
 * concatenation of its text events), the tool calls per index (the last event's list: a stage that
 * drops a call leaves it out), the last finish reason per index, and the extra top-level fields.
 */
public final class AnswerEdits {

    private final Map<TextKey, StringBuilder> texts = new TreeMap<>();
    private final Map<Integer, List<ToolCallDelta>> tools = new TreeMap<>();
    private final Map<Integer, String> finishes = new TreeMap<>();
    private final Map<String, JsonNode> extraFields = new LinkedHashMap<>();

    private AnswerEdits() {
    }

    private record TextKey(int index, TextKind kind) implements Comparable<TextKey> {
        @Override
        public int compareTo(TextKey o) {
            return index != o.index ? Integer.compare(index, o.index) : kind.compareTo(o.kind);
        }
    }

    public static AnswerEdits of(List<ChatEvent> events) {
        AnswerEdits edits = new AnswerEdits();
        for (ChatEvent e : events) {
            if (e.hasText()) {
                edits.texts.computeIfAbsent(new TextKey(e.index(), e.kind()), k -> new StringBuilder()).append(e.text());
            }
            if (e.hasTools()) {
                edits.tools.computeIfAbsent(e.index(), i -> new ArrayList<>()).addAll(e.tools());
            }
            if (e.hasFinish()) {
                edits.finishes.put(e.index(), e.finishReason());
            }
            edits.extraFields.putAll(e.extraFields());
        }
        return edits;
    }

    /** The content text for {@code index}, or {@code null} when no content event had that index. */
    public String text(int index) {
        return text(index, TextKind.CONTENT);
    }

    /** The text of {@code kind} for {@code index}, or {@code null} when no such event came. */
    public String text(int index, TextKind kind) {
        StringBuilder sb = texts.get(new TextKey(index, kind));
        return sb == null ? null : sb.toString();
    }

    /** The indexes that have content text, ascending. */
    public Iterable<Integer> textIndexes() {
        return texts.keySet().stream().filter(k -> k.kind() == TextKind.CONTENT).map(TextKey::index).toList();
    }

    /** The tool calls of {@code index} as processed (empty when none passed). */
    public List<ToolCallDelta> tools(int index) {
        return tools.getOrDefault(index, List.of());
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
