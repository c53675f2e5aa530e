package io.aigw.filters.protocol.responses;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.SseWriter;
import io.aigw.filters.protocol.StreamTranslator;
import io.aigw.filters.protocol.TextKind;
import io.aigw.filters.protocol.ToolCallDelta;
import io.aigw.filters.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Responses API stream. Decoding: each output item is an index; {@code output_text}, {@code refusal}
 * and reasoning deltas are texts of their kind; a {@code function_call} item's {@code output_item.added}
 * and its {@code function_call_arguments.delta}s are tool call pieces (position: the output index);
 * {@code function_call_arguments.done} and the reasoning {@code .done}s close their index's text; a
 * text part's {@code output_text.done} (or {@code refusal.done}), {@code content_part.done} and the item's
 * {@code output_item.done} are delivered as one event that closes the text (so that text can still be
 * added before all three); {@code response.completed}, {@code .incomplete} and {@code .failed} end the
 * stream and report the usage.
 *
 * <p>Encoding: every event repeats texts the deltas already carried (the {@code .done} events, the done
 * items, the final {@code response.output}); those repetitions are always written from the deltas that
 * went out (what the stages let through, labels included), never from the upstream's copies, so that
 * nothing the content policy held back or masked reaches the client through them. Unchanged events
 * whose text was not changed go out byte for byte. When a stage ends the stream (the content policy's
 * block), the open items are closed and {@code response.incomplete} with
 * {@code incomplete_details.reason: content_filter} ends it. Extra fields (the implicit label, the
 * receipt) go into the final event's {@code response}.
 *
 * <p>Memory: the text and arguments delivered so far, per output item (the protocol repeats them whole
 * in its {@code .done} events and its final event); a native upstream's own {@code .done} events hold
 * the same, so each item's share is bounded by the SSE event cap those must fit in. One instance per
 * stream; not thread-safe.
 */
final class ResponsesStreamTranslator implements StreamTranslator {

    /** Event types whose repeated texts are rewritten from what went out. */
    private static final Set<String> REPEATS_TEXT = Set.of(ResponsesEvents.TEXT_DONE, ResponsesEvents.REFUSAL_DONE,
            ResponsesEvents.REASONING_DONE, ResponsesEvents.SUMMARY_DONE, ResponsesEvents.PART_DONE, ResponsesEvents.ITEM_DONE,
            ResponsesEvents.ARGUMENTS_DONE);
    /** Event types the encoder reads for the state it needs to write events of its own. */
    private static final Set<String> TRACKED = Set.of(ResponsesEvents.CREATED, ResponsesEvents.IN_PROGRESS,
            ResponsesEvents.ITEM_ADDED, ResponsesEvents.PART_ADDED);

    private record TextKey(int index, TextKind kind) {
    }

    // decoding
    private final List<SseEvent> closing = new ArrayList<>(3);
    private int closingIndex = -1;
    private final IdentityHashMap<SseEvent, List<SseEvent>> groups = new IdentityHashMap<>();
    private long sequence;

    // encoding
    private final Map<TextKey, StringBuilder> emitted = new HashMap<>();
    private final Map<Integer, StringBuilder> arguments = new HashMap<>();
    private final Map<Integer, ObjectNode> items = new TreeMap<>();
    private final Map<Integer, Integer> openParts = new HashMap<>();
    private final Set<Integer> textDone = new TreeSet<>();
    private final Set<Integer> openItems = new TreeSet<>();
    private final Map<Integer, ObjectNode> doneItems = new TreeMap<>();
    private ObjectNode response;
    private boolean cutByFilter;
    private boolean ended;

    @Override
    public void decode(SseEvent event, List<ChatEvent> out) {
        if (!event.hasData()) {
            out.add(ChatEvent.decoded(event, null, 0, null, null, false));
            return;
        }
        if (!(Json.parseUpstream(event.data()) instanceof ObjectNode data)) {
            throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream sent an event that is not a JSON object");
        }
        String type = Json.stringOrNull(data, "type");
        int index = data.path("output_index").asInt(0);
        sequence = Math.max(sequence, data.path("sequence_number").asLong(sequence));
        boolean continuesClosing = (ResponsesEvents.PART_DONE.equals(type) || ResponsesEvents.ITEM_DONE.equals(type))
                && index == closingIndex;
        if (!closing.isEmpty() && !continuesClosing) {
            flushClosing(out);
        }
        TextKind kind = ResponsesEvents.deltaKind(type);
        if (kind != null) {
            out.add(scanned(event, type, index, Json.stringOrNull(data, "delta") == null ? "" : Json.stringOrNull(data, "delta"),
                    kind, List.of(), false, false));
            return;
        }
        switch (type == null ? "" : type) {
            case ResponsesEvents.TEXT_DONE, ResponsesEvents.REFUSAL_DONE -> {
                closing.add(event);
                closingIndex = index;
            }
            case ResponsesEvents.PART_DONE -> {
                if (closing.isEmpty()) {
                    out.add(scanned(event, type, index, null, TextKind.CONTENT, List.of(), false, false));
                } else {
                    closing.add(event);
                }
            }
            case ResponsesEvents.ITEM_DONE -> {
                if (closing.isEmpty()) {
                    out.add(scanned(event, type, index, null, TextKind.CONTENT, List.of(), false, false));
                } else {
                    closing.add(event);
                    flushClosing(out);
                }
            }
            case ResponsesEvents.ITEM_ADDED -> {
                JsonNode item = data.get("item");
                List<ToolCallDelta> tools = List.of();
                if ("function_call".equals(Json.stringOrNull(item, "type"))) {
                    String args = Json.stringOrNull(item, "arguments");
                    tools = List.of(new ToolCallDelta(index, Json.stringOrNull(item, "call_id"), Json.stringOrNull(item, "name"),
                            args == null || args.isEmpty() ? null : args));
                }
                out.add(scanned(event, type, index, null, TextKind.CONTENT, tools, false, false));
            }
            case ResponsesEvents.ARGUMENTS_DELTA -> out.add(scanned(event, type, index, null, TextKind.CONTENT,
                    List.of(new ToolCallDelta(index, null, null, Json.stringOrNull(data, "delta"))), false, false));
            case ResponsesEvents.ARGUMENTS_DONE, ResponsesEvents.REASONING_DONE, ResponsesEvents.SUMMARY_DONE ->
                    out.add(scanned(event, type, index, null, TextKind.CONTENT, List.of(), true, false));
            default -> out.add(scanned(event, type, index, null, TextKind.CONTENT, List.of(), false, ResponsesEvents.terminal(type)));
        }
    }

    private ChatEvent scanned(SseEvent event, String type, int index, String text, TextKind kind, List<ToolCallDelta> tools,
            boolean closesText, boolean end) {
        return ChatEvent.scanned(event, new ChatEvent.Scan(type, end ? ResponsesAdapter.usageIn(Json.parseUpstream(event.data())) : null,
                index, text, null, end, closesText, kind, tools));
    }

    /** The held {@code .done} events of a text part and its item, as one event that closes the text. */
    private void flushClosing(List<ChatEvent> out) {
        int length = closing.stream().mapToInt(e -> e.raw().length).sum();
        byte[] raw = new byte[length];
        int at = 0;
        for (SseEvent e : closing) {
            System.arraycopy(e.raw(), 0, raw, at, e.raw().length);
            at += e.raw().length;
        }
        SseEvent first = closing.get(0);
        SseEvent merged = new SseEvent(first.event(), first.data(), first.id(), raw);
        groups.put(merged, List.copyOf(closing));
        out.add(scanned(merged, Json.stringOrNull(Json.parseUpstream(first.data()), "type"), closingIndex, null, TextKind.CONTENT,
                List.of(), true, false));
        closing.clear();
        closingIndex = -1;
    }

    @Override
    public void encode(ChatEvent event, ByteArrayOutputStream out) {
        if (ended) {
            return; // nothing follows the final event
        }
        List<SseEvent> group = event.source() == null ? null : groups.remove(event.source());
        if (group != null) {
            for (SseEvent e : group) {
                write(parse(e), e, out);
            }
            return;
        }
        if (event.end()) {
            end(event, out);
            return;
        }
        if (event.hasFinish() && ResponsesAdapter.CONTENT_FILTER.equals(event.finishReason())) {
            cutByFilter = true;
        }
        if (!event.changed() && event.source() != null) {
            if (!event.source().hasData() || !(REPEATS_TEXT.contains(event.dataType()) || TRACKED.contains(event.dataType()))) {
                if (event.hasText()) {
                    emitted(event.index(), event.kind()).append(event.text());
                }
                appendArguments(event);
                out.writeBytes(event.source().raw());
                return;
            }
            write(parse(event.source()), event.source(), out);
            return;
        }
        if (event.payload() instanceof ObjectNode payload) {
            ObjectNode data = payload.deepCopy();
            String type = Json.stringOrNull(data, "type");
            boolean textCarried = false;
            if (ResponsesEvents.deltaKind(type) != null && event.hasText()) {
                data.put("delta", event.text());
                textCarried = true;
            } else if (ResponsesEvents.ARGUMENTS_DELTA.equals(type) && event.hasTools()) {
                data.put("delta", joined(event.tools()));
            } else if (ResponsesEvents.ITEM_ADDED.equals(type) && event.hasTools() && data.get("item") instanceof ObjectNode item) {
                String args = joined(event.tools());
                item.put("arguments", args);
            }
            if (event.hasText() && !textCarried) {
                writeText(event.index(), event.kind(), event.text(), out);
            }
            write(data, null, out);
            return;
        }
        if (event.hasText()) {
            writeText(event.index(), event.kind(), event.text(), out);
        }
        for (ToolCallDelta piece : event.tools()) {
            if (piece.arguments() != null && !piece.arguments().isEmpty()) {
                ObjectNode delta = ResponsesEvents.event(ResponsesEvents.ARGUMENTS_DELTA, event.index()).put("delta", piece.arguments());
                write(delta, null, out);
            }
        }
    }

    @Override
    public void encodeError(ErrorKind kind, String message, ByteArrayOutputStream out) {
        ObjectNode error = Json.NODES.objectNode().put("type", ResponsesEvents.ERROR).put("code", kind.openAiCode())
                .put("message", message);
        error.putNull("param");
        error.put("sequence_number", sequence);
        SseWriter.write(ResponsesEvents.ERROR, error, out);
        ended = true;
    }

    /** The final event: the upstream's (its output as delivered), or one of the gateway's when a stage ended the stream. */
    private void end(ChatEvent event, ByteArrayOutputStream out) {
        ObjectNode data;
        ObjectNode received = null;
        if (event.source() != null && event.source().hasData()) {
            received = parse(event.source());
            data = received.deepCopy();
        } else {
            closeOpenItems(out);
            ObjectNode answer = response != null ? response.deepCopy() : Json.NODES.objectNode().put("object", "response");
            answer.put("status", cutByFilter ? "incomplete" : "completed");
            if (cutByFilter) {
                answer.putObject("incomplete_details").put("reason", ResponsesAdapter.CONTENT_FILTER);
            }
            data = Json.NODES.objectNode().put("type", cutByFilter ? ResponsesEvents.INCOMPLETE : ResponsesEvents.COMPLETED);
            data.set("response", answer);
        }
        ObjectNode answer = data.get("response") instanceof ObjectNode r ? r : data.putObject("response");
        ArrayNode output = answer.putArray("output");
        doneItems.values().forEach(output::add);
        event.extraFields().forEach(answer::set);
        fill(data);
        if (data.equals(received)) {
            out.writeBytes(event.source().raw());
        } else {
            SseWriter.write(Json.stringOrNull(data, "type"), data, out);
        }
        ended = true;
    }

    /** Closes what a cut stream left open, with the texts that went out. */
    private void closeOpenItems(ByteArrayOutputStream out) {
        for (int index : List.copyOf(openItems)) {
            ObjectNode item = items.get(index);
            String type = Json.stringOrNull(item, "type");
            if ("message".equals(type) && openParts.containsKey(index)) {
                if (!textDone.contains(index)) {
                    write(ResponsesEvents.event(ResponsesEvents.TEXT_DONE, index).put("text", ""), null, out);
                }
                ObjectNode partDone = ResponsesEvents.event(ResponsesEvents.PART_DONE, index);
                partDone.set("part", ResponsesEvents.textPart(""));
                write(partDone, null, out);
            } else if ("function_call".equals(type)) {
                write(ResponsesEvents.event(ResponsesEvents.ARGUMENTS_DONE, index).put("arguments", ""), null, out);
            }
            ObjectNode itemDone = ResponsesEvents.event(ResponsesEvents.ITEM_DONE, index);
            itemDone.set("item", item.deepCopy().put("status", "incomplete"));
            write(itemDone, null, out);
        }
    }

    /** New text at {@code index}: opens a message item and text part there first when none is open. */
    private void writeText(int index, TextKind kind, String text, ByteArrayOutputStream out) {
        if (kind != TextKind.REASONING && !openParts.containsKey(index)) {
            if (!openItems.contains(index)) {
                ObjectNode added = ResponsesEvents.event(ResponsesEvents.ITEM_ADDED, index);
                added.set("item", ResponsesEvents.messageItem(ResponsesEvents.newItemId(index), "in_progress"));
                write(added, null, out);
            }
            ObjectNode part = ResponsesEvents.event(ResponsesEvents.PART_ADDED, index);
            part.set("part", ResponsesEvents.textPart(""));
            write(part, null, out);
        }
        ObjectNode delta = ResponsesEvents.event(ResponsesEvents.deltaType(kind), index).put("delta", text);
        if (kind != TextKind.REASONING) {
            delta.putArray("logprobs");
        }
        write(delta, null, out);
    }

    /**
     * Writes one event: its repeated texts rewritten from what went out, the fields a new event lacks
     * filled in; the source bytes when it is an upstream event that needed no change.
     */
    private void write(ObjectNode data, SseEvent source, ByteArrayOutputStream out) {
        ObjectNode sent = data;
        String type = Json.stringOrNull(data, "type");
        if (REPEATS_TEXT.contains(type)) {
            sent = data.deepCopy();
            repeatDelivered(sent, type);
        }
        if (source == null) {
            fill(sent);
        }
        track(sent, type);
        if (source != null && sent.equals(data)) {
            out.writeBytes(source.raw());
        } else {
            SseWriter.write(type, sent, out);
        }
    }

    /** Sets the texts a {@code .done} event or a done item repeats to those that went out. */
    private void repeatDelivered(ObjectNode data, String type) {
        int index = data.path("output_index").asInt(0);
        switch (type) {
            case ResponsesEvents.TEXT_DONE -> data.put("text", delivered(index, TextKind.CONTENT));
            case ResponsesEvents.REFUSAL_DONE -> data.put("refusal", delivered(index, TextKind.REFUSAL));
            case ResponsesEvents.REASONING_DONE, ResponsesEvents.SUMMARY_DONE -> data.put("text", delivered(index, TextKind.REASONING));
            case ResponsesEvents.ARGUMENTS_DONE -> data.put("arguments", deliveredArguments(index));
            case ResponsesEvents.PART_DONE -> {
                if (data.get("part") instanceof ObjectNode part) {
                    repeatInPart(part, index, true);
                }
            }
            case ResponsesEvents.ITEM_DONE -> {
                if (data.get("item") instanceof ObjectNode item) {
                    repeatInItem(item, index);
                }
            }
            default -> {
            }
        }
    }

    /** A part's text as delivered; with {@code first} false an {@code output_text} part after the first is emptied. */
    private void repeatInPart(ObjectNode part, int index, boolean first) {
        String partType = Json.stringOrNull(part, "type");
        if ("output_text".equals(partType)) {
            part.put("text", first ? delivered(index, TextKind.CONTENT) : "");
        } else if ("refusal".equals(partType)) {
            part.put("refusal", delivered(index, TextKind.REFUSAL));
        } else if ("reasoning_text".equals(partType) || "summary_text".equals(partType)) {
            part.put("text", first ? delivered(index, TextKind.REASONING) : "");
        }
    }

    private void repeatInItem(ObjectNode item, int index) {
        switch (String.valueOf(Json.stringOrNull(item, "type"))) {
            case "message" -> {
                ArrayNode content = item.get("content") instanceof ArrayNode c ? c : item.putArray("content");
                boolean first = true;
                boolean hasText = false;
                for (JsonNode part : content) {
                    if (part instanceof ObjectNode p) {
                        boolean text = "output_text".equals(Json.stringOrNull(p, "type"));
                        repeatInPart(p, index, !text || first);
                        first &= !text;
                        hasText |= text;
                    }
                }
                String text = delivered(index, TextKind.CONTENT);
                if (!hasText && !text.isEmpty()) {
                    content.add(ResponsesEvents.textPart(text));
                }
            }
            case "function_call" -> item.put("arguments", deliveredArguments(index));
            case "reasoning" -> {
                boolean first = true;
                for (String field : List.of("summary", "content")) {
                    if (item.get(field) instanceof ArrayNode parts) {
                        for (JsonNode part : parts) {
                            if (part instanceof ObjectNode p) {
                                repeatInPart(p, index, first);
                                first = false;
                            }
                        }
                    }
                }
            }
            default -> {
            }
        }
    }

    /** Fills what an event made here lacks: the item id of its output index, the content index, a sequence number. */
    private void fill(ObjectNode data) {
        String type = Json.stringOrNull(data, "type");
        if (!data.has("sequence_number")) {
            data.put("sequence_number", sequence);
        }
        if (type == null || type.equals(ResponsesEvents.ITEM_ADDED) || type.equals(ResponsesEvents.ITEM_DONE)
                || ResponsesEvents.terminal(type) || !data.has("output_index")) {
            return;
        }
        int index = data.path("output_index").asInt(0);
        if (!data.has("item_id")) {
            String id = Json.stringOrNull(items.get(index), "id");
            data.put("item_id", id != null ? id : ResponsesEvents.newItemId(index));
        }
        boolean parted = type.equals(ResponsesEvents.PART_ADDED) || type.equals(ResponsesEvents.PART_DONE)
                || type.equals(ResponsesEvents.TEXT_DELTA) || type.equals(ResponsesEvents.TEXT_DONE)
                || type.equals(ResponsesEvents.REFUSAL_DELTA) || type.equals(ResponsesEvents.REFUSAL_DONE);
        if (parted && !data.has("content_index")) {
            data.put("content_index", openParts.getOrDefault(index, 0));
        } else if ((type.equals(ResponsesEvents.SUMMARY_DELTA) || type.equals(ResponsesEvents.SUMMARY_DONE)) && !data.has("summary_index")) {
            data.put("summary_index", 0);
        }
    }

    /** What the encoder must remember of an event it writes. */
    private void track(ObjectNode data, String type) {
        int index = data.path("output_index").asInt(0);
        TextKind kind = ResponsesEvents.deltaKind(type);
        if (kind != null) {
            emitted(index, kind).append(data.path("delta").asString(""));
            return;
        }
        switch (type == null ? "" : type) {
            case ResponsesEvents.CREATED, ResponsesEvents.IN_PROGRESS -> {
                if (data.get("response") instanceof ObjectNode r) {
                    response = r.deepCopy();
                }
            }
            case ResponsesEvents.ITEM_ADDED -> {
                if (data.get("item") instanceof ObjectNode item) {
                    items.put(index, item.deepCopy());
                    openItems.add(index);
                    if ("function_call".equals(Json.stringOrNull(item, "type"))) {
                        String args = Json.stringOrNull(item, "arguments");
                        arguments.computeIfAbsent(index, i -> new StringBuilder()).append(args == null ? "" : args);
                    }
                }
            }
            case ResponsesEvents.PART_ADDED -> openParts.put(index, data.path("content_index").asInt(0));
            case ResponsesEvents.TEXT_DONE, ResponsesEvents.REFUSAL_DONE -> textDone.add(index);
            case ResponsesEvents.PART_DONE -> {
                openParts.remove(index);
                textDone.remove(index);
            }
            case ResponsesEvents.ARGUMENTS_DELTA ->
                    arguments.computeIfAbsent(index, i -> new StringBuilder()).append(data.path("delta").asString(""));
            case ResponsesEvents.ITEM_DONE -> {
                openItems.remove(index);
                if (data.get("item") instanceof ObjectNode item) {
                    doneItems.put(index, item.deepCopy());
                }
            }
            default -> {
            }
        }
    }

    private void appendArguments(ChatEvent event) {
        for (ToolCallDelta piece : event.tools()) {
            if (piece.arguments() != null) {
                arguments.computeIfAbsent(event.index(), i -> new StringBuilder()).append(piece.arguments());
            }
        }
    }

    private StringBuilder emitted(int index, TextKind kind) {
        return emitted.computeIfAbsent(new TextKey(index, kind), k -> new StringBuilder());
    }

    private String delivered(int index, TextKind kind) {
        StringBuilder text = emitted.get(new TextKey(index, kind));
        return text == null ? "" : text.toString();
    }

    private String deliveredArguments(int index) {
        StringBuilder args = arguments.get(index);
        return args == null ? "" : args.toString();
    }

    private static String joined(List<ToolCallDelta> pieces) {
        StringBuilder args = new StringBuilder();
        pieces.forEach(p -> args.append(p.arguments() == null ? "" : p.arguments()));
        return args.toString();
    }

    private static ObjectNode parse(SseEvent event) {
        return (ObjectNode) Json.parseUpstream(event.data());
    }
}
