package io.aigw.filters.protocol.bridge;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.TextKind;
import io.aigw.filters.protocol.TokenCounts;
import io.aigw.filters.protocol.ToolCallDelta;
import io.aigw.filters.protocol.responses.ResponsesEvents;
import io.aigw.filters.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code chat.completion.chunk}s as a Responses stream: the first chunk opens the response
 * ({@code response.created}, {@code response.in_progress}); content deltas go into a message item's
 * {@code output_text} part, refusal deltas into its {@code refusal} part, {@code reasoning_content}
 * into a reasoning item ({@code response.reasoning_text.delta}), each tool call into a
 * {@code function_call} item (its arguments as {@code function_call_arguments.delta}s), a new item
 * closing the open one; {@code [DONE]} closes the open item and sends {@code response.completed} (or
 * {@code response.incomplete} for a {@code length} or {@code content_filter} finish) with the usage.
 * The {@code .done} events carry no text: the Responses encoder writes every repeated text from the
 * deltas it sent. An error chunk fails the stream; tool calls must come one after the other.
 */
final class ChatToResponsesStream implements EventConverter {

    private enum Item { MESSAGE, REASONING, TOOL }

    private final Clock clock;
    private long sequence;
    private boolean started;
    private boolean stopped;
    private ObjectNode response;
    private int nextItem;
    private int openItem = -1;
    private Item openKind;
    private String openId;
    /** The open item as it was added. */
    private ObjectNode openNode;
    /** The kind of the open message part (content or refusal), or null. */
    private TextKind openPart;
    private int parts;
    private final Map<Integer, Integer> toolItems = new HashMap<>();
    private String finishReason;
    private TokenCounts usage;

    ChatToResponsesStream(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void convert(ChatEvent e, List<SseEvent> out) {
        if (stopped || e.source() == null || !e.source().hasData()) {
            return;
        }
        if (e.end()) {
            start(null, out);
            closeItem(out);
            ObjectNode done = response.deepCopy();
            String incomplete = ChatToResponsesAnswer.incompleteReason(finishReason);
            done.put("status", incomplete == null ? "completed" : "incomplete");
            if (incomplete != null) {
                done.putObject("incomplete_details").put("reason", incomplete);
            }
            done.set("usage", ChatToResponsesAnswer.usage(usage));
            ObjectNode end = event(incomplete == null ? ResponsesEvents.COMPLETED : ResponsesEvents.INCOMPLETE, -1);
            end.set("response", done);
            out.add(sse(end));
            stopped = true;
            return;
        }
        boolean hasText = e.text() != null && !e.text().isEmpty();
        if (!hasText && !e.hasTools() && !e.hasFinish() && e.usage() == null) {
            JsonNode payload = e.payload();
            if (payload != null && payload.get("error") instanceof ObjectNode error) {
                throw UpstreamStreamErrors.of(error);
            }
            start(payload, out);
            return;
        }
        if (e.index() != 0 && (hasText || e.hasTools() || e.hasFinish())) {
            throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream sent a second choice, which a response cannot carry");
        }
        start(e.payload(), out);
        if (e.usage() != null) {
            usage = usage == null ? e.usage() : usage.updatedBy(e.usage());
        }
        if (hasText) {
            text(e.kind(), e.text(), out);
        }
        for (ToolCallDelta tool : e.tools()) {
            tool(tool, out);
        }
        if (e.hasFinish()) {
            finishReason = e.finishReason();
            closeItem(out);
        }
    }

    private void text(TextKind kind, String text, List<SseEvent> out) {
        if (kind == TextKind.REASONING) {
            if (openKind != Item.REASONING) {
                ObjectNode item = Json.NODES.objectNode().put("id", "rs_" + nextItem).put("type", "reasoning");
                item.putArray("summary");
                item.putArray("content");
                openItem(Item.REASONING, item, out);
            }
            out.add(sse(itemEvent(ResponsesEvents.REASONING_DELTA).put("content_index", 0).put("delta", text)));
            return;
        }
        if (openKind != Item.MESSAGE) {
            openItem(Item.MESSAGE, ResponsesEvents.messageItem("msg_" + nextItem, "in_progress"), out);
        }
        if (openPart != kind) {
            closePart(out);
            openPart = kind;
            ObjectNode added = itemEvent(ResponsesEvents.PART_ADDED).put("content_index", parts);
            added.set("part", part(kind));
            out.add(sse(added));
        }
        ObjectNode delta = itemEvent(kind == TextKind.REFUSAL ? ResponsesEvents.REFUSAL_DELTA : ResponsesEvents.TEXT_DELTA)
                .put("content_index", parts).put("delta", text);
        if (kind != TextKind.REFUSAL) {
            delta.putArray("logprobs");
        }
        out.add(sse(delta));
    }

    private void tool(ToolCallDelta tool, List<SseEvent> out) {
        Integer item = toolItems.get(tool.position());
        if (item == null) {
            ObjectNode call = Json.NODES.objectNode().put("id", "fc_" + nextItem).put("type", "function_call").put("status", "in_progress")
                    .put("arguments", "").put("call_id", tool.id() != null ? tool.id() : "call_" + tool.position())
                    .put("name", tool.name() != null ? tool.name() : "");
            openItem(Item.TOOL, call, out);
            toolItems.put(tool.position(), openItem);
        } else if (item != openItem) {
            throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream interleaved two tool calls, which this route does not translate");
        }
        if (tool.arguments() != null && !tool.arguments().isEmpty()) {
            out.add(sse(itemEvent(ResponsesEvents.ARGUMENTS_DELTA).put("delta", tool.arguments())));
        }
    }

    /** {@code response.created} and {@code response.in_progress}, once, with the id, time and model of the first chunk. */
    private void start(JsonNode chunk, List<SseEvent> out) {
        if (started) {
            return;
        }
        started = true;
        response = ChatToResponsesAnswer.skeleton(chunk, clock);
        for (String type : new String[] {ResponsesEvents.CREATED, ResponsesEvents.IN_PROGRESS}) {
            ObjectNode data = Json.NODES.objectNode().put("type", type).put("sequence_number", sequence++);
            data.set("response", response.deepCopy());
            out.add(sse(data));
        }
    }

    private void openItem(Item kind, ObjectNode item, List<SseEvent> out) {
        closeItem(out);
        openItem = nextItem++;
        openKind = kind;
        openId = Json.stringOrNull(item, "id");
        openNode = item.deepCopy();
        parts = 0;
        ObjectNode added = event(ResponsesEvents.ITEM_ADDED, openItem);
        added.set("item", item);
        out.add(sse(added));
    }

    private void closePart(List<SseEvent> out) {
        if (openPart == null) {
            return;
        }
        boolean refusal = openPart == TextKind.REFUSAL;
        ObjectNode done = itemEvent(refusal ? ResponsesEvents.REFUSAL_DONE : ResponsesEvents.TEXT_DONE).put("content_index", parts)
                .put(refusal ? "refusal" : "text", "");
        if (!refusal) {
            done.putArray("logprobs");
        }
        out.add(sse(done));
        ObjectNode partDone = itemEvent(ResponsesEvents.PART_DONE).put("content_index", parts);
        partDone.set("part", part(openPart));
        out.add(sse(partDone));
        openPart = null;
        parts++;
    }

    private void closeItem(List<SseEvent> out) {
        if (openItem < 0) {
            return;
        }
        ObjectNode item;
        switch (openKind) {
            case MESSAGE -> {
                int partCount = parts + (openPart != null ? 1 : 0);
                closePart(out);
                item = ResponsesEvents.messageItem(openId, "completed");
                for (int i = 0; i < partCount; i++) {
                    item.withArray("content").add(ResponsesEvents.textPart(""));
                }
            }
            case REASONING -> {
                out.add(sse(itemEvent(ResponsesEvents.REASONING_DONE).put("content_index", 0).put("text", "")));
                item = Json.NODES.objectNode().put("id", openId).put("type", "reasoning");
                item.putArray("summary");
                item.putArray("content").addObject().put("type", "reasoning_text").put("text", "");
            }
            default -> {
                out.add(sse(itemEvent(ResponsesEvents.ARGUMENTS_DONE).put("arguments", "")));
                item = openNode.put("status", "completed");
            }
        }
        ObjectNode done = event(ResponsesEvents.ITEM_DONE, openItem);
        done.set("item", item);
        out.add(sse(done));
        openItem = -1;
        openKind = null;
    }

    private static ObjectNode part(TextKind kind) {
        return kind == TextKind.REFUSAL ? Json.NODES.objectNode().put("type", "refusal").put("refusal", "") : ResponsesEvents.textPart("");
    }

    /** An event about the open item: its output index and item id. */
    private ObjectNode itemEvent(String type) {
        return event(type, openItem).put("item_id", openId);
    }

    private ObjectNode event(String type, int index) {
        ObjectNode data = Json.NODES.objectNode().put("type", type).put("sequence_number", sequence++);
        if (index >= 0) {
            data.put("output_index", index);
        }
        return data;
    }

    /** A Responses SSE event: its {@code event:} name is its data's {@code type}. */
    private static SseEvent sse(ObjectNode data) {
        return SseEvent.of(Json.stringOrNull(data, "type"), new String(Json.write(data), StandardCharsets.UTF_8));
    }
}
