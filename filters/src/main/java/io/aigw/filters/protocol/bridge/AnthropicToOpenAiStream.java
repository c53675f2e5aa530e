package io.aigw.filters.protocol.bridge;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.TextKind;
import io.aigw.filters.protocol.TokenCounts;
import io.aigw.filters.protocol.ToolCallDelta;
import io.aigw.filters.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Messages stream as {@code chat.completion.chunk}s of one choice: {@code message_start} is the
 * role chunk (its id and model kept for every chunk), text deltas are {@code content}, thinking deltas
 * {@code reasoning_content}, a tool_use block start a {@code tool_calls} entry (id, name, empty
 * arguments) and its {@code input_json_delta} pieces that entry's arguments; {@code message_delta} is
 * the finish chunk, followed by the usage chunk ({@code choices: []}, as OpenAI sends it for
 * {@code stream_options.include_usage}: always sent, since the gateway counts the tokens from it, and
 * the official SDKs take it either way); {@code message_stop} is {@code [DONE]}; an {@code error}
 * event fails the stream. Pings, block stops and signatures have no counterpart and are dropped.
 */
final class AnthropicToOpenAiStream implements EventConverter {

    private final Clock clock;
    private JsonNode id = Json.NODES.stringNode("chatcmpl-unknown");
    private JsonNode model = Json.NODES.stringNode("");
    private long created;
    /** Messages block index of each tool_use block to its position in {@code tool_calls}. */
    private final Map<Integer, Integer> toolPositions = new HashMap<>();
    private TokenCounts usage;

    AnthropicToOpenAiStream(Clock clock) {
        this.clock = clock;
        this.created = clock.millis() / 1000;
    }

    @Override
    public void convert(ChatEvent e, List<SseEvent> out) {
        if (e.usage() != null) {
            usage = usage == null ? e.usage() : usage.updatedBy(e.usage());
        }
        String type = e.dataType();
        switch (type == null ? "" : type) {
            case "message_start" -> {
                JsonNode message = e.payload().get("message");
                JsonNode messageId = message == null ? null : message.get("id");
                if (messageId != null && messageId.isString()) {
                    id = messageId;
                }
                JsonNode name = message == null ? null : message.get("model");
                if (name != null && name.isString()) {
                    model = name;
                }
                created = clock.millis() / 1000;
                out.add(chunk(Json.NODES.objectNode().put("role", "assistant").put("content", ""), null));
            }
            case "content_block_start" -> {
                for (ToolCallDelta tool : e.tools()) {
                    int position = toolPositions.size();
                    toolPositions.put(tool.position(), position);
                    ObjectNode call = Json.NODES.objectNode().put("index", position).put("id", tool.id()).put("type", "function");
                    call.putObject("function").put("name", tool.name()).put("arguments", "");
                    out.add(toolChunk(call));
                }
            }
            case "content_block_delta" -> delta(e, out);
            case "message_delta" -> {
                if (e.hasFinish()) {
                    out.add(chunk(Json.NODES.objectNode(), StopReasons.toOpenAi(e.finishReason())));
                    if (usage != null) {
                        out.add(usageChunk());
                    }
                }
            }
            case "message_stop" -> out.add(SseEvent.of(null, "[DONE]"));
            case "error" -> throw UpstreamStreamErrors.of(e.payload().get("error"));
            default -> {
                // ping, content_block_stop: no counterpart
            }
        }
    }

    private void delta(ChatEvent e, List<SseEvent> out) {
        if (e.hasText()) {
            String field = e.kind() == TextKind.REASONING ? "reasoning_content" : "content";
            out.add(chunk(Json.NODES.objectNode().put(field, e.text()), null));
        }
        for (ToolCallDelta piece : e.tools()) {
            Integer position = toolPositions.get(piece.position());
            if (position != null && piece.arguments() != null) {
                ObjectNode call = Json.NODES.objectNode().put("index", position);
                call.putObject("function").put("arguments", piece.arguments());
                out.add(toolChunk(call));
            }
        }
    }

    private SseEvent toolChunk(ObjectNode call) {
        ObjectNode delta = Json.NODES.objectNode();
        delta.putArray("tool_calls").add(call);
        return chunk(delta, null);
    }

    /** A chunk of the one choice with {@code delta} and {@code finishReason} (null: none yet). */
    private SseEvent chunk(ObjectNode delta, String finishReason) {
        ObjectNode data = chunkHead();
        ObjectNode choice = data.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return SseEvent.of(null, new String(Json.write(data), StandardCharsets.UTF_8));
    }

    private SseEvent usageChunk() {
        ObjectNode data = chunkHead();
        data.putArray("choices");
        data.set("usage", OpenAiUsage.of(usage));
        return SseEvent.of(null, new String(Json.write(data), StandardCharsets.UTF_8));
    }

    private ObjectNode chunkHead() {
        ObjectNode data = Json.NODES.objectNode();
        data.set("id", id);
        data.put("object", "chat.completion.chunk");
        data.put("created", created);
        data.set("model", model);
        return data;
    }
}
