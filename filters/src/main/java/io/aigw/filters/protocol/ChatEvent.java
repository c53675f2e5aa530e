package io.aigw.filters.protocol;

import io.aigw.filters.sse.SseEvent;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * Instances are immutable.
 *
 * @param source the upstream SSE event, or {@code null} for events made by a stage or from a JSON body
 * @param payload the parsed JSON data of the source, or {@code null}; read-only
 * @param index the choice index (OpenAI) or content block index (Anthropic) the text belongs to
 * @param text the content delta, or {@code null} when the event carries no assistant text
 * @param finishReason the finish / stop reason, or {@code null}
 * @param end whether this event terminates the stream ({@code [DONE]}, {@code message_stop})
 * @param changed whether the event differs from its source and must be encoded anew
 * @param extraFields top-level fields a stage adds to the event's JSON object (e.g. {@code aigc})
 * @param closesText whether this event closes the text of its index (Anthropic {@code content_block_stop}
 *     of a text block): a stage holding text for that index must release it before this event, because
 *     the protocol allows no text for that index afterwards. Finish and end events close all text too.
 */
public record ChatEvent(
        SseEvent source,
        JsonNode payload,
        int index,
        String text,
        String finishReason,
        boolean end,
        boolean changed,
        Map<String, JsonNode> extraFields,
        boolean closesText) {

    public ChatEvent {
        extraFields = extraFields == null || extraFields.isEmpty() ? Map.of() : Map.copyOf(extraFields);
    }

    /** An event decoded from upstream data, unchanged. */
    public static ChatEvent decoded(SseEvent source, JsonNode payload, int index, String text, String finishReason, boolean end) {
        return new ChatEvent(source, payload, index, text, finishReason, end, false, Map.of(), false);
    }

    /** An event decoded from the upstream that closes the text of {@code index}, unchanged. */
    public static ChatEvent decodedTextClose(SseEvent source, JsonNode payload, int index) {
        return new ChatEvent(source, payload, index, null, null, false, false, Map.of(), true);
    }

    /** A new content delta for choice / block {@code index}. */
    public static ChatEvent text(int index, String text) {
        return new ChatEvent(null, null, index, text, null, false, true, Map.of(), false);
    }

    /** A new finish event for choice / block {@code index}. */
    public static ChatEvent finish(int index, String finishReason) {
        return new ChatEvent(null, null, index, null, finishReason, false, true, Map.of(), false);
    }

    /** A new end-of-stream marker. */
    public static ChatEvent endOfStream() {
        return new ChatEvent(null, null, 0, null, null, true, true, Map.of(), false);
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

    /** A copy with its content delta replaced. */
    public ChatEvent withText(String newText) {
        return new ChatEvent(source, payload, index, newText, finishReason, end, true, extraFields, closesText);
    }

    /** A copy with its finish reason replaced. */
    public ChatEvent withFinishReason(String reason) {
        return new ChatEvent(source, payload, index, text, reason, end, true, extraFields, closesText);
    }

    /** A copy that adds (or replaces) a top-level field of its JSON object. */
    public ChatEvent withExtraField(String name, JsonNode value) {
        Map<String, JsonNode> fields = new LinkedHashMap<>(extraFields);
        fields.put(name, value);
        return new ChatEvent(source, payload, index, text, finishReason, end, true, fields, closesText);
    }
}
