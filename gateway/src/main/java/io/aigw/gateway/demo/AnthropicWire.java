package io.aigw.gateway.demo;

import java.time.Duration;
import reactor.core.publisher.Flux;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes Anthropic Messages responses the way api.anthropic.com does: a {@code message} object,
 * a stream of named SSE events from {@code message_start} to {@code message_stop}, and error
 * bodies. Thread-safe.
 */
final class AnthropicWire {

    private final ObjectMapper mapper;

    AnthropicWire(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The non-streaming {@code message} body. */
    byte[] message(MockChatRequest request, MockReply reply) {
        ObjectNode root = envelope(MockIds.message(), request);
        ObjectNode block = root.putArray("content").addObject();
        block.put("type", "text");
        block.put("text", reply.text());
        root.put("stop_reason", "end_turn");
        root.putNull("stop_sequence");
        root.set("usage", usage(reply.promptTokens(), reply.completionTokens()));
        return mapper.writeValueAsBytes(root);
    }

    /**
     * The SSE events of a streamed answer, each a complete {@code event: X\ndata: ...\n\n} frame:
     * {@code message_start}, {@code content_block_start}, {@code ping}, one {@code content_block_delta}
     * per reply piece (each after {@code delay}), {@code content_block_stop}, {@code message_delta},
     * {@code message_stop}.
     */
    Flux<String> events(MockChatRequest request, MockReply reply, Duration delay) {
        ObjectNode start = mapper.createObjectNode();
        start.put("type", "message_start");
        ObjectNode message = envelope(MockIds.message(), request);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", usage(reply.promptTokens(), 1));
        start.set("message", message);

        ObjectNode blockStart = typed("content_block_start");
        blockStart.put("index", 0);
        ObjectNode block = blockStart.putObject("content_block");
        block.put("type", "text");
        block.put("text", "");

        Flux<String> head = Flux.just(frame("message_start", start), frame("content_block_start", blockStart),
                frame("ping", typed("ping")));
        Flux<String> content = Pacing.paced(reply.pieces(), delay).map(piece -> {
            ObjectNode event = typed("content_block_delta");
            event.put("index", 0);
            ObjectNode delta = event.putObject("delta");
            delta.put("type", "text_delta");
            delta.put("text", piece);
            return frame("content_block_delta", event);
        });
        Flux<String> tail = Flux.defer(() -> {
            ObjectNode blockStop = typed("content_block_stop");
            blockStop.put("index", 0);
            ObjectNode messageDelta = typed("message_delta");
            ObjectNode delta = messageDelta.putObject("delta");
            delta.put("stop_reason", "end_turn");
            delta.putNull("stop_sequence");
            messageDelta.putObject("usage").put("output_tokens", reply.completionTokens());
            return Flux.just(frame("content_block_stop", blockStop), frame("message_delta", messageDelta),
                    frame("message_stop", typed("message_stop")));
        });
        return Flux.concat(head, content, tail);
    }

    /** The {@code {"type":"error","error":{...}}} body of a client error. */
    byte[] error(MockRequestException error) {
        ObjectNode root = typed("error");
        ObjectNode body = root.putObject("error");
        body.put("type", error.status() == 413 ? "request_too_large" : "invalid_request_error");
        body.put("message", error.getMessage());
        return mapper.writeValueAsBytes(root);
    }

    private ObjectNode envelope(String id, MockChatRequest request) {
        ObjectNode root = mapper.createObjectNode();
        root.put("id", id);
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", request.model());
        return root;
    }

    private ObjectNode usage(int inputTokens, int outputTokens) {
        ObjectNode usage = mapper.createObjectNode();
        usage.put("input_tokens", inputTokens);
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        usage.put("output_tokens", outputTokens);
        return usage;
    }

    private ObjectNode typed(String type) {
        ObjectNode node = mapper.createObjectNode();
        node.put("type", type);
        return node;
    }

    private String frame(String event, ObjectNode data) {
        return "event: " + event + "\ndata: " + mapper.writeValueAsString(data) + "\n\n";
    }
}
