package io.aigw.filters.protocol.bridge;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.TextKind;
import io.aigw.filters.protocol.TokenCounts;
import io.aigw.filters.protocol.ToolCallDelta;
import io.aigw.filters.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code chat.completion.chunk}s as a Messages stream: the first chunk opens the message
 * ({@code message_start}, with its id and model); content and refusal deltas go into a text block,
 * {@code reasoning_content} into a thinking block, each tool call into a tool_use block (its
 * arguments as {@code input_json_delta} pieces), a new block closing the open one; the finish reason
 * closes the open block; {@code [DONE]} sends the {@code message_delta} (the mapped stop reason and the
 * usage, which OpenAI reports in the chunk after the finish) and {@code message_stop}. An error chunk
 * fails the stream. Tool calls must arrive one after the other (as OpenAI sends them): arguments
 * for a call whose block was closed are refused, since Messages blocks cannot interleave.
 */
final class OpenAiToAnthropicStream implements EventConverter {

    private enum Block { TEXT, THINKING, TOOL }

    private boolean started;
    private boolean stopped;
    private int nextBlock;
    private int openBlock = -1;
    private Block openKind;
    /** OpenAI tool call position to the Messages block index it became. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private String stopReason;
    private TokenCounts usage;

    @Override
    public void convert(ChatEvent e, List<SseEvent> out) {
        if (stopped || e.source() == null || !e.source().hasData()) {
            return; // keep-alive comments; nothing may follow message_stop
        }
        if (e.end()) {
            start(null, out);
            closeBlock(out);
            out.add(event(messageDelta()));
            out.add(event(Json.NODES.objectNode().put("type", "message_stop")));
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
            throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream sent a second choice, which Messages cannot carry");
        }
        if (!started) {
            start(e.payload(), out);
        }
        if (e.usage() != null) {
            usage = usage == null ? e.usage() : usage.updatedBy(e.usage());
        }
        if (hasText) {
            Block kind = e.kind() == TextKind.REASONING ? Block.THINKING : Block.TEXT;
            if (openKind != kind) {
                openBlock(kind, null, out);
            }
            ObjectNode delta = Json.NODES.objectNode();
            if (kind == Block.THINKING) {
                delta.put("type", "thinking_delta").put("thinking", e.text());
            } else {
                delta.put("type", "text_delta").put("text", e.text());
            }
            out.add(event(blockDelta(delta)));
        }
        for (ToolCallDelta tool : e.tools()) {
            tool(tool, out);
        }
        if (e.hasFinish()) {
            stopReason = StopReasons.toAnthropic(e.finishReason());
            closeBlock(out);
        }
    }

    private void tool(ToolCallDelta tool, List<SseEvent> out) {
        Integer block = toolBlocks.get(tool.position());
        if (block == null) {
            ObjectNode start = Json.NODES.objectNode().put("type", "tool_use")
                    .put("id", tool.id() != null ? tool.id() : "toolu_" + tool.position())
                    .put("name", tool.name() != null ? tool.name() : "");
            start.putObject("input");
            openBlock(Block.TOOL, start, out);
            toolBlocks.put(tool.position(), openBlock);
            // Anthropic sends at least one input_json_delta per tool_use block (its SDK's accumulator requires one).
            out.add(event(blockDelta(Json.NODES.objectNode().put("type", "input_json_delta")
                    .put("partial_json", tool.arguments() == null ? "" : tool.arguments()))));
            return;
        }
        if (block != openBlock) {
            throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL,
                    "the upstream interleaved two tool calls, which Messages blocks cannot carry");
        }
        if (tool.arguments() != null && !tool.arguments().isEmpty()) {
            out.add(event(blockDelta(Json.NODES.objectNode().put("type", "input_json_delta").put("partial_json", tool.arguments()))));
        }
    }

    /** {@code message_start}, once, with the id and model of the first chunk (when it has them). */
    private void start(JsonNode chunk, List<SseEvent> out) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode data = Json.NODES.objectNode().put("type", "message_start");
        ObjectNode message = data.putObject("message");
        message.put("id", OpenAiToAnthropicAnswer.idOf(chunk));
        message.put("type", "message");
        message.put("role", "assistant");
        JsonNode model = chunk == null ? null : chunk.get("model");
        message.set("model", model != null && model.isString() ? model : Json.NODES.stringNode(""));
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
        out.add(event(data));
    }

    private void openBlock(Block kind, ObjectNode toolBlock, List<SseEvent> out) {
        closeBlock(out);
        openBlock = nextBlock++;
        openKind = kind;
        ObjectNode block = switch (kind) {
            case TEXT -> Json.NODES.objectNode().put("type", "text").put("text", "");
            case THINKING -> Json.NODES.objectNode().put("type", "thinking").put("thinking", "").put("signature", "");
            case TOOL -> toolBlock;
        };
        ObjectNode data = Json.NODES.objectNode().put("type", "content_block_start").put("index", openBlock);
        data.set("content_block", block);
        out.add(event(data));
    }

    private void closeBlock(List<SseEvent> out) {
        if (openBlock >= 0) {
            out.add(event(Json.NODES.objectNode().put("type", "content_block_stop").put("index", openBlock)));
            openBlock = -1;
            openKind = null;
        }
    }

    private ObjectNode blockDelta(ObjectNode delta) {
        ObjectNode data = Json.NODES.objectNode().put("type", "content_block_delta").put("index", openBlock);
        data.set("delta", delta);
        return data;
    }

    private ObjectNode messageDelta() {
        ObjectNode data = Json.NODES.objectNode().put("type", "message_delta");
        data.putObject("delta").put("stop_reason", stopReason != null ? stopReason : "end_turn").putNull("stop_sequence");
        ObjectNode counts = data.putObject("usage");
        if (usage != null && usage.inputTokens() != null) {
            counts.put("input_tokens", usage.inputTokens());
        }
        counts.put("output_tokens", usage == null || usage.outputTokens() == null ? 0 : usage.outputTokens());
        return data;
    }

    /** A Messages SSE event: its {@code event:} name is its data's {@code type}. */
    static SseEvent event(ObjectNode data) {
        return SseEvent.of(Json.stringOrNull(data, "type"), new String(Json.write(data), StandardCharsets.UTF_8));
    }
}
