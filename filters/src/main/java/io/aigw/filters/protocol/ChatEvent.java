package io.aigw.filters.protocol;

import io.aigw.filters.sse.SseEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One unit of an answer as the response pipeline sees it, whatever the protocol.
 *
 * <p>An event may carry a text delta of the assistant's content ({@link #text()}), a finish reason
 * (the protocol's own value, e.g. OpenAI {@code stop} or Anthropic {@code end_turn}), mark the end of
 * the stream ({@link #end()}), or carry none of these (role deltas, pings, usage, tool calls...).
 * Events decoded from the upstream keep their source so that an unchanged event is written back
 * byte for byte; stages derive changed copies with the {@code with*} methods, or create new ones
 * with {@link #text(int, String)}, {@link #finish(int, String)} and {@link #endOfStream()}.
 *
 * <p>A stream translator reads only the fields the pipeline needs from each chunk, with a streaming
 * parser ({@link #scanned}); such an event builds its JSON tree from its source's data on the first
 * call of {@link #payload()} and keeps it (shared with its {@code with*} copies), so an event that
 * passes through unchanged is never parsed into a tree. Instances are immutable in meaning and
 * thread-safe (the lazily built tree is safely published).
 *
 * <p>The components (the accessors of the record this class was): {@code source} (the upstream SSE
 * event, or {@code null} for events made by a stage or from a JSON body), {@code payload},
 * {@code index} (the choice index (OpenAI) or content block index (Anthropic) the text belongs to),
 * {@code text} (the content delta, or {@code null}), {@code finishReason} (or {@code null}),
 * {@code end} (whether this event terminates the stream: {@code [DONE]}, {@code message_stop}),
 * {@code changed} (whether the event differs from its source and must be encoded anew),
 * {@code extraFields} (top-level fields a stage adds to the event's JSON object, e.g. {@code aigc})
 * and {@code closesText} (whether this event closes the text of its index (Anthropic
 * {@code content_block_stop} of a text block): a stage holding text for that index must release it
 * before this event, because the protocol allows no text for that index afterwards; finish and end
 * events close all text too), {@code kind} (what {@code text} is: content, refusal or reasoning; see
 * {@link TextKind}) and {@code tools} (the tool calls, or pieces of them, the event carries).
 */
public final class ChatEvent {

    private final SseEvent source;
    /** The tree given at construction, or null (then {@link #lazyPayload} may give it). */
    private final JsonNode payload;
    private final ParsedOnDemand lazyPayload;
    private final String dataType;
    private final TokenCounts usage;
    private final int index;
    private final String text;
    private final String finishReason;
    private final boolean end;
    private final boolean changed;
    private final Map<String, JsonNode> extraFields;
    private final boolean closesText;
    private final TextKind kind;
    private final List<ToolCallDelta> tools;

    /**
     * An event with an already parsed (or no) payload; its {@link #dataType()} is read from the
     * payload, its {@link #usage()} is {@code null}. See the class comment for the parameters.
     *
     * @param payload the JSON data, or {@code null}; read-only
     * @param extraFields copied; {@code null} means none
     */
    public ChatEvent(SseEvent source, JsonNode payload, int index, String text, String finishReason, boolean end,
            boolean changed, Map<String, JsonNode> extraFields, boolean closesText) {
        this(source, payload, null, Json.stringOrNull(payload, "type"), null,
                index, text, finishReason, end, changed, extraFields, closesText, TextKind.CONTENT, List.of());
    }

    private ChatEvent(SseEvent source, JsonNode payload, ParsedOnDemand lazyPayload, String dataType, TokenCounts usage,
            int index, String text, String finishReason, boolean end, boolean changed, Map<String, JsonNode> extraFields,
            boolean closesText, TextKind kind, List<ToolCallDelta> tools) {
        this.source = source;
        this.payload = payload;
        this.lazyPayload = lazyPayload;
        this.dataType = dataType;
        this.usage = usage;
        this.index = index;
        this.text = text;
        this.finishReason = finishReason;
        this.end = end;
        this.changed = changed;
        this.extraFields = extraFields == null || extraFields.isEmpty() ? Map.of() : Map.copyOf(extraFields);
        this.closesText = closesText;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.tools = List.copyOf(tools);
    }

    /** An event decoded from upstream data, unchanged. */
    public static ChatEvent decoded(SseEvent source, JsonNode payload, int index, String text, String finishReason, boolean end) {
        return new ChatEvent(source, payload, index, text, finishReason, end, false, Map.of(), false);
    }

    /** A text of {@code kind} decoded from a non-streamed answer, unchanged. */
    public static ChatEvent decodedText(int index, TextKind kind, String text) {
        return new ChatEvent(null, null, null, null, null, index, text, null, false, false, Map.of(), false,
                kind, List.of());
    }

    /** The tool calls of choice / block {@code index} decoded from a non-streamed answer, unchanged. */
    public static ChatEvent decodedTools(int index, List<ToolCallDelta> tools) {
        return new ChatEvent(null, null, null, null, null, index, null, null, false, false, Map.of(), false,
                TextKind.CONTENT, tools);
    }

    /**
     * The end marker of a non-streamed answer, unchanged: its payload is the whole answer (so stages
     * can read answer-level fields) and {@code usage} what the answer reports.
     *
     * @param answer the parsed answer; read-only
     * @param usage the answer's token usage, or {@code null}
     */
    public static ChatEvent decodedAnswerEnd(JsonNode answer, TokenCounts usage) {
        return new ChatEvent(null, answer, null, Json.stringOrNull(answer, "type"), usage,
                0, null, null, true, false, Map.of(), false, TextKind.CONTENT, List.of());
    }

    /**
     * An upstream event, unchanged, whose data a translator checked and read with a streaming parser
     * ({@link JsonScan}): its payload is parsed from {@code source.data()} only when asked for.
     *
     * @param source the event; its data must be valid JSON
     * @param scan what the translator read from the data
     * @throws NullPointerException when {@code source} has no data
     */
    public static ChatEvent scanned(SseEvent source, Scan scan) {
        Objects.requireNonNull(source.data(), "source.data()");
        return new ChatEvent(source, null, new ParsedOnDemand(source.data()), scan.dataType(), scan.usage(),
                scan.index(), scan.text(), scan.finishReason(), scan.end(), false, Map.of(), scan.closesText(),
                scan.kind(), scan.tools());
    }

    /**
     * What a stream translator read from one event's data without building its tree.
     *
     * @param dataType the top-level {@code type} string of the data, or {@code null}
     * @param usage the token usage the data reports ({@link ProtocolAdapter#usage}), or {@code null}
     * @param index the choice / content block index
     * @param text the content delta, or {@code null}
     * @param finishReason the finish / stop reason, or {@code null}
     * @param end whether the event ends the stream
     * @param closesText whether the event closes the text of {@code index}
     * @param kind what {@code text} is
     * @param tools the tool call pieces of the event; copied
     */
    public record Scan(String dataType, TokenCounts usage, int index, String text, String finishReason, boolean end,
            boolean closesText, TextKind kind, List<ToolCallDelta> tools) {

        public Scan {
            Objects.requireNonNull(kind, "kind");
            tools = List.copyOf(tools);
        }

        /** A scan of content text without tool calls. */
        public Scan(String dataType, TokenCounts usage, int index, String text, String finishReason, boolean end,
                boolean closesText) {
            this(dataType, usage, index, text, finishReason, end, closesText, TextKind.CONTENT, List.of());
        }
    }

    /** A new content delta for choice / block {@code index}. */
    public static ChatEvent text(int index, String text) {
        return new ChatEvent(null, null, index, text, null, false, true, Map.of(), false);
    }

    /** A new text delta of {@code kind} for choice / block {@code index}. */
    public static ChatEvent text(int index, TextKind kind, String text) {
        return new ChatEvent(null, null, null, null, null, index, text, null, false, true, Map.of(), false,
                kind, List.of());
    }

    /** A new event carrying tool call pieces for choice {@code index} (OpenAI) or their block (Anthropic). */
    public static ChatEvent tools(int index, List<ToolCallDelta> tools) {
        return new ChatEvent(null, null, null, null, null, index, null, null, false, true, Map.of(), false,
                TextKind.CONTENT, tools);
    }

    /** A new finish event for choice / block {@code index}. */
    public static ChatEvent finish(int index, String finishReason) {
        return new ChatEvent(null, null, index, null, finishReason, false, true, Map.of(), false);
    }

    /** A new end-of-stream marker. */
    public static ChatEvent endOfStream() {
        return new ChatEvent(null, null, 0, null, null, true, true, Map.of(), false);
    }

    /** The upstream SSE event, or {@code null} for events made by a stage or from a JSON body. */
    public SseEvent source() {
        return source;
    }

    /**
     * The parsed JSON data of the source, or {@code null}; read-only. For a {@link #scanned} event the
     * tree is built on the first call (a full parse: pass-through paths should not need it).
     */
    public JsonNode payload() {
        return payload != null || lazyPayload == null ? payload : lazyPayload.get();
    }

    /** Whether a {@link #scanned} event's tree was built; true for other events. For tests. */
    boolean payloadParsed() {
        return lazyPayload == null || lazyPayload.isParsed();
    }

    /**
     * The top-level {@code type} string of the JSON data (Anthropic's event type), or {@code null};
     * read without building the tree.
     */
    public String dataType() {
        return dataType;
    }

    /**
     * The token usage the upstream reported in this event as its decoder read it (what
     * {@link ProtocolAdapter#usage} reads from the payload), or {@code null}: none reported, or an
     * event made by a stage.
     */
    public TokenCounts usage() {
        return usage;
    }

    /** The choice index (OpenAI) or content block index (Anthropic) the event belongs to. */
    public int index() {
        return index;
    }

    /** The text delta (of {@link #kind()}), or {@code null} when the event carries no text. */
    public String text() {
        return text;
    }

    /** What {@link #text()} is; {@link TextKind#CONTENT} for events without text. */
    public TextKind kind() {
        return kind;
    }

    /** Whether the event carries answer text (content or refusal, not reasoning), possibly empty. */
    public boolean hasAnswerText() {
        return text != null && kind.isAnswer();
    }

    /** The tool call pieces the event carries; unmodifiable, never {@code null}. */
    public List<ToolCallDelta> tools() {
        return tools;
    }

    public boolean hasTools() {
        return !tools.isEmpty();
    }

    /** The finish / stop reason, or {@code null}. */
    public String finishReason() {
        return finishReason;
    }

    /** Whether this event terminates the stream. */
    public boolean end() {
        return end;
    }

    /** Whether the event differs from its source and must be encoded anew. */
    public boolean changed() {
        return changed;
    }

    /** Top-level fields a stage adds to the event's JSON object; unmodifiable, never {@code null}. */
    public Map<String, JsonNode> extraFields() {
        return extraFields;
    }

    /** Whether this event closes the text of its index (see the class comment). */
    public boolean closesText() {
        return closesText;
    }

    public boolean hasText() {
        return text != null;
    }

    public boolean hasFinish() {
        return finishReason != null;
    }

    /** Whether held text of this event's index must be released before it: it closes the text, finishes or ends. */
    public boolean endsText() {
        return closesText || finishReason != null || end;
    }

    /** A copy with its text delta replaced (same kind). */
    public ChatEvent withText(String newText) {
        return copy(newText, finishReason, extraFields);
    }

    /** A copy with its tool call pieces replaced. */
    public ChatEvent withTools(List<ToolCallDelta> newTools) {
        return new ChatEvent(source, payload, lazyPayload, dataType, usage,
                index, text, finishReason, end, true, extraFields, closesText, kind, newTools);
    }

    /** A copy with its finish reason replaced. */
    public ChatEvent withFinishReason(String reason) {
        return copy(text, reason, extraFields);
    }

    /** A copy that adds (or replaces) a top-level field of its JSON object. */
    public ChatEvent withExtraField(String name, JsonNode value) {
        Map<String, JsonNode> fields = new LinkedHashMap<>(extraFields);
        fields.put(name, value);
        return copy(text, finishReason, fields);
    }

    private ChatEvent copy(String newText, String newFinishReason, Map<String, JsonNode> newExtraFields) {
        return new ChatEvent(source, payload, lazyPayload, dataType, usage,
                index, newText, newFinishReason, end, true, newExtraFields, closesText, kind, tools);
    }

    /** Equal when all components are, the payload compared as a tree (which builds a lazy one). */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof ChatEvent e
                && index == e.index && end == e.end && changed == e.changed && closesText == e.closesText
                && Objects.equals(source, e.source) && Objects.equals(text, e.text)
                && Objects.equals(finishReason, e.finishReason) && Objects.equals(usage, e.usage)
                && extraFields.equals(e.extraFields) && kind == e.kind && tools.equals(e.tools)
                && Objects.equals(payload(), e.payload());
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, payload(), index, text, finishReason, end, changed, extraFields, closesText, usage,
                kind, tools);
    }

    /** Does not build a lazy payload. */
    @Override
    public String toString() {
        return "ChatEvent[source=" + source + ", index=" + index + ", text=" + text + ", finishReason=" + finishReason
                + ", end=" + end + ", changed=" + changed + ", extraFields=" + extraFields + ", closesText=" + closesText
                + ", dataType=" + dataType + ", usage=" + usage + ", kind=" + kind + ", tools=" + tools + "]";
    }
}
