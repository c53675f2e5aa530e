package io.aigw.filters.protocol.anthropic;

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
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Messages stream events: {@code content_block_delta} with a {@code text_delta} is text (index = the
 * content block), with a {@code thinking_delta} reasoning text, with an {@code input_json_delta} a
 * piece of a tool call's arguments ({@code partial_json}); a {@code tool_use} block start carries the
 * call's id and name; {@code content_block_stop} of a text, thinking or tool_use block closes its text, {@code message_delta}'s
 * {@code delta.stop_reason} the finish, {@code message_stop} the end. When a stage finishes the answer
 * early, the open content block is closed before the new {@code message_delta}. Everything else ({@code message_start}, {@code ping}, block starts and stops, thinking and
 * tool-use deltas, errors) passes through as it came. Events are read with a streaming parser
 * ({@link AnthropicEventReader}); their tree is built only when a changed event is encoded.
 */
final class AnthropicStreamTranslator implements StreamTranslator {

    private final AnthropicEventReader reader = new AnthropicEventReader();
    /** Indexes of the content blocks seen upstream whose text or arguments a stage may hold (text, thinking, tool_use). */
    private final BitSet textBlocks = new BitSet();
    /** The content block the client has seen start and not stop, or -1. */
    private int openBlock = -1;

    @Override
    public void decode(SseEvent event, List<ChatEvent> out) {
        if (!event.hasData()) {
            out.add(ChatEvent.decoded(event, null, 0, null, null, false));
            return;
        }
        // Read with a streaming parser: most events go out as they came, so their tree is never built.
        reader.read(event.data());
        String type = reader.type() != null ? reader.type() : event.event();
        int index = reader.index();
        String text = null;
        String finish = null;
        boolean end = false;
        boolean closesText = false;
        TextKind kind = TextKind.CONTENT;
        List<ToolCallDelta> tools = List.of();
        switch (type == null ? "" : type) {
            case "content_block_delta" -> {
                text = reader.textDelta();
                if (text == null && reader.thinkingDelta() != null) {
                    text = reader.thinkingDelta();
                    kind = TextKind.REASONING;
                } else if (reader.partialJson() != null) {
                    tools = List.of(new ToolCallDelta(index, null, null, reader.partialJson()));
                }
            }
            case "message_delta" -> finish = reader.stopReason();
            case "message_stop" -> end = true;
            case "content_block_start" -> {
                String blockType = reader.blockType();
                if ("text".equals(blockType) || "thinking".equals(blockType) || "tool_use".equals(blockType)) {
                    textBlocks.set(blockIndex(index));
                }
                if ("tool_use".equals(blockType)) {
                    tools = List.of(new ToolCallDelta(index, reader.blockId(), reader.blockName(), null));
                }
            }
            case "content_block_stop" -> closesText = textBlocks.get(blockIndex(index));
            default -> {
                // passes through as it came
            }
        }
        out.add(ChatEvent.scanned(event,
                new ChatEvent.Scan(reader.type(), reader.usage(), index, text, finish, end, closesText, kind, tools)));
    }

    @Override
    public void encode(ChatEvent event, ByteArrayOutputStream out) {
        trackWrittenBlocks(event);
        if (event.changed() && event.hasFinish() && openBlock >= 0) {
            // A stage ends the answer early: close the open content block first, as the grammar requires.
            ObjectNode stop = Json.NODES.objectNode().put("type", "content_block_stop").put("index", openBlock);
            SseWriter.write("content_block_stop", stop, out);
            openBlock = -1;
        }
        if (!event.changed() && event.source() != null) {
            out.writeBytes(event.source().raw());
            return;
        }
        ObjectNode data;
        if (event.payload() instanceof ObjectNode payload) {
            data = payload.deepCopy();
        } else if (event.hasText()) {
            data = textDelta(event.index(), event.kind());
        } else if (event.hasTools()) {
            data = argumentsDelta(event.index());
        } else if (event.hasFinish()) {
            data = messageDelta();
        } else if (event.end()) {
            data = Json.NODES.objectNode().put("type", "message_stop");
        } else {
            data = Json.NODES.objectNode();
        }
        if (event.hasText()) {
            ObjectNode delta = data.get("delta") instanceof ObjectNode d ? d : data.putObject("delta");
            delta.put(event.kind() == TextKind.REASONING ? "thinking" : "text", event.text());
        }
        if (event.hasTools() && "content_block_delta".equals(Json.stringOrNull(data, "type"))) {
            ObjectNode delta = data.get("delta") instanceof ObjectNode d ? d : data.putObject("delta");
            StringBuilder arguments = new StringBuilder();
            event.tools().forEach(t -> arguments.append(t.arguments() == null ? "" : t.arguments()));
            delta.put("partial_json", arguments.toString());
        }
        if (event.hasFinish()) {
            ObjectNode delta = data.get("delta") instanceof ObjectNode d ? d : data.putObject("delta");
            delta.put("stop_reason", event.finishReason());
        }
        for (Map.Entry<String, JsonNode> field : event.extraFields().entrySet()) {
            data.set(field.getKey(), field.getValue());
        }
        String name = event.source() != null && event.source().event() != null
                ? event.source().event()
                : Json.stringOrNull(data, "type");
        SseWriter.write(name, data, out);
    }

    /** Follows which content block the client has seen opened and not yet closed. */
    private void trackWrittenBlocks(ChatEvent event) {
        String type = event.dataType();
        if ("content_block_start".equals(type)) {
            openBlock = event.index();
        } else if ("content_block_stop".equals(type) && openBlock == event.index()) {
            openBlock = -1;
        }
    }

    @Override
    public void encodeError(ErrorKind kind, String message, ByteArrayOutputStream out) {
        SseWriter.write("error", AnthropicAdapter.errorObject(kind, message), out);
    }

    private static int blockIndex(int index) {
        if (index < 0) {
            throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream sent a negative content block index: " + index);
        }
        return index;
    }

    private static ObjectNode textDelta(int index, TextKind kind) {
        ObjectNode data = Json.NODES.objectNode();
        data.put("type", "content_block_delta");
        data.put("index", index);
        data.putObject("delta").put("type", kind == TextKind.REASONING ? "thinking_delta" : "text_delta");
        return data;
    }

    private static ObjectNode argumentsDelta(int index) {
        ObjectNode data = Json.NODES.objectNode();
        data.put("type", "content_block_delta");
        data.put("index", index);
        data.putObject("delta").put("type", "input_json_delta");
        return data;
    }

    private static ObjectNode messageDelta() {
        ObjectNode data = Json.NODES.objectNode();
        data.put("type", "message_delta");
        ObjectNode delta = data.putObject("delta");
        delta.putNull("stop_reason");
        delta.putNull("stop_sequence");
        data.putObject("usage").put("output_tokens", 0);
        return data;
    }
}
