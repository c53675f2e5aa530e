package io.aigw.gateway.demo;

import java.time.Clock;
import java.time.Duration;
import reactor.core.publisher.Flux;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes OpenAI Chat Completions responses the way api.openai.com does: a {@code chat.completion}
 * object, a stream of {@code chat.completion.chunk} SSE events ending in {@code data: [DONE]},
 * error bodies and the model list. Thread-safe.
 */
final class OpenAiWire {

    /** The stream terminator event. */
    static final String DONE = "data: [DONE]\n\n";

    static final String SYSTEM_FINGERPRINT = "fp_aigw_mock";

    private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "qwen-plus", "deepseek-chat"};
    private static final long MODELS_CREATED = 1_715_367_049L;

    private final ObjectMapper mapper;
    private final Clock clock;

    OpenAiWire(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The non-streaming {@code chat.completion} body. */
    byte[] completion(MockChatRequest request, MockReply reply) {
        ObjectNode root = mapper.createObjectNode();
        root.put("id", MockIds.chatCompletion());
        root.put("object", "chat.completion");
        root.put("created", clock.instant().getEpochSecond());
        root.put("model", request.model());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", reply.text());
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        root.set("usage", usage(reply));
        root.put("service_tier", "default");
        root.put("system_fingerprint", SYSTEM_FINGERPRINT);
        return mapper.writeValueAsBytes(root);
    }

    /**
     * The SSE events of a streamed answer, each a complete {@code data: ...\n\n} frame: a role
     * chunk, one chunk per reply piece (each after {@code delay}), a finish chunk, the usage chunk
     * if {@link MockChatRequest#includeUsage()}, then {@link #DONE}.
     */
    Flux<String> chunks(MockChatRequest request, MockReply reply, Duration delay) {
        String id = MockIds.chatCompletion();
        long created = clock.instant().getEpochSecond();
        ObjectNode roleDelta = mapper.createObjectNode();
        roleDelta.put("role", "assistant");
        roleDelta.put("content", "");
        roleDelta.putNull("refusal");
        Flux<String> head = Flux.just(frame(chunk(id, created, request, roleDelta, null)));
        Flux<String> content = Pacing.paced(reply.pieces(), delay).map(piece -> {
            ObjectNode delta = mapper.createObjectNode();
            delta.put("content", piece);
            return frame(chunk(id, created, request, delta, null));
        });
        Flux<String> tail = Flux.defer(() -> {
            String finish = frame(chunk(id, created, request, mapper.createObjectNode(), "stop"));
            if (!request.includeUsage()) {
                return Flux.just(finish, DONE);
            }
            ObjectNode usageChunk = chunkEnvelope(id, created, request);
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage(reply));
            return Flux.just(finish, frame(usageChunk), DONE);
        });
        return Flux.concat(head, content, tail);
    }

    /** The {@code {"error":{...}}} body of a client error. */
    byte[] error(MockRequestException error) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode body = root.putObject("error");
        body.put("message", error.getMessage());
        body.put("type", "invalid_request_error");
        body.putNull("param");
        body.put("code", error.code());
        return mapper.writeValueAsBytes(root);
    }

    /** The {@code GET /v1/models} list. */
    byte[] models() {
        ObjectNode root = mapper.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String model : MODELS) {
            ObjectNode entry = data.addObject();
            entry.put("id", model);
            entry.put("object", "model");
            entry.put("created", MODELS_CREATED);
            entry.put("owned_by", "aigw-mock");
        }
        return mapper.writeValueAsBytes(root);
    }

    private ObjectNode chunk(String id, long created, MockChatRequest request, ObjectNode delta, String finishReason) {
        ObjectNode root = chunkEnvelope(id, created, request);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (request.includeUsage()) {
            // OpenAI sends "usage": null on every chunk but the last when usage was asked for.
            root.putNull("usage");
        }
        return root;
    }

    private ObjectNode chunkEnvelope(String id, long created, MockChatRequest request) {
        ObjectNode root = mapper.createObjectNode();
        root.put("id", id);
        root.put("object", "chat.completion.chunk");
        root.put("created", created);
        root.put("model", request.model());
        root.put("service_tier", "default");
        root.put("system_fingerprint", SYSTEM_FINGERPRINT);
        return root;
    }

    private ObjectNode usage(MockReply reply) {
        ObjectNode usage = mapper.createObjectNode();
        usage.put("prompt_tokens", reply.promptTokens());
        usage.put("completion_tokens", reply.completionTokens());
        usage.put("total_tokens", reply.totalTokens());
        ObjectNode promptDetails = usage.putObject("prompt_tokens_details");
        promptDetails.put("cached_tokens", 0);
        promptDetails.put("audio_tokens", 0);
        ObjectNode completionDetails = usage.putObject("completion_tokens_details");
        completionDetails.put("reasoning_tokens", 0);
        completionDetails.put("audio_tokens", 0);
        completionDetails.put("accepted_prediction_tokens", 0);
        completionDetails.put("rejected_prediction_tokens", 0);
        return usage;
    }

    private String frame(ObjectNode data) {
        return "data: " + mapper.writeValueAsString(data) + "\n\n";
    }
}
