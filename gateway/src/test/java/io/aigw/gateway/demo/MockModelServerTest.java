package io.aigw.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.json.JsonMappers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.blockhound.BlockHound;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Drives a real {@link MockModelServer} on an ephemeral port over loopback HTTP/1.1. */
class MockModelServerTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final int CHUNKS = 5;
    private static final ObjectMapper JSON = JsonMappers.json();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static MockModelServer server;
    private static int port;

    @BeforeAll
    static void start() {
        BlockHound.install();
        server = new MockModelServer(new MockModelSettings("127.0.0.1", 0, CHUNKS, Duration.ZERO),
                Clock.fixed(NOW, ZoneOffset.UTC));
        port = server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    // ---- OpenAI Chat Completions ----

    @Test
    void openAiCompletionIsAFaithfulChatCompletionObject() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", openAiBody("gpt-4o-mini", "What is aigw?", false, false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("id").asString()).matches("chatcmpl-[0-9A-Za-z]{29}");
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("created").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(body.path("model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("choices").size()).isEqualTo(1);
        JsonNode choice = body.path("choices").path(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        JsonNode message = choice.path("message");
        assertThat(message.path("role").asString()).isEqualTo("assistant");
        assertThat(message.path("content").asString()).startsWith("Hello!").contains("\"What is aigw?\"");
        assertThat(message.has("refusal")).isTrue();
        assertThat(message.path("refusal").isNull()).isTrue();
        JsonNode usage = body.path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isPositive();
        assertThat(usage.path("completion_tokens").asInt()).isPositive();
        assertThat(usage.path("total_tokens").asInt())
                .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
    }

    @Test
    void openAiStreamHasRoleChunkContentChunksFinishChunkUsageChunkAndDone() throws Exception {
        String prompt = "Tell me a story";
        HttpResponse<String> response = post("/v1/chat/completions", openAiBody("gpt-4o", prompt, true, true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        List<String> frames = frames(response.body());
        assertThat(frames).hasSize(1 + CHUNKS + 3).allSatisfy(frame -> assertThat(frame).startsWith("data: "));
        assertThat(frames.get(frames.size() - 1)).isEqualTo("data: [DONE]");

        List<JsonNode> chunks = frames.subList(0, frames.size() - 1).stream().map(MockModelServerTest::data).toList();
        String id = chunks.get(0).path("id").asString();
        assertThat(id).matches("chatcmpl-[0-9A-Za-z]{29}");
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("id").asString()).isEqualTo(id);
            assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("created").asLong()).isEqualTo(NOW.getEpochSecond());
            assertThat(chunk.path("model").asString()).isEqualTo("gpt-4o");
        });

        JsonNode first = chunks.get(0).path("choices").path(0);
        assertThat(first.path("delta").path("role").asString()).isEqualTo("assistant");
        assertThat(first.path("delta").path("content").asString()).isEmpty();
        assertThat(first.path("finish_reason").isNull()).isTrue();

        List<JsonNode> content = chunks.subList(1, 1 + CHUNKS);
        assertThat(content).allSatisfy(chunk -> {
            JsonNode choice = chunk.path("choices").path(0);
            assertThat(choice.path("delta").has("role")).isFalse();
            assertThat(choice.path("delta").path("content").asString()).isNotEmpty();
            assertThat(choice.path("finish_reason").isNull()).isTrue();
            assertThat(chunk.path("usage").isNull()).isTrue();
        });
        String streamed = content.stream()
                .map(chunk -> chunk.path("choices").path(0).path("delta").path("content").asString())
                .collect(Collectors.joining());
        assertThat(streamed).isEqualTo(nonStreamingOpenAiContent(prompt));

        JsonNode finish = chunks.get(1 + CHUNKS);
        assertThat(finish.path("choices").path(0).path("delta").isEmpty()).isTrue();
        assertThat(finish.path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop");

        JsonNode usageChunk = chunks.get(2 + CHUNKS);
        assertThat(usageChunk.path("choices").isArray()).isTrue();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage").path("total_tokens").asInt())
                .isEqualTo(usageChunk.path("usage").path("prompt_tokens").asInt()
                        + usageChunk.path("usage").path("completion_tokens").asInt());
    }

    @Test
    void openAiStreamWithoutIncludeUsageHasNoUsageAnywhere() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", openAiBody("gpt-4o", "hi", true, false));

        List<String> frames = frames(response.body());
        assertThat(frames).hasSize(1 + CHUNKS + 2).endsWith("data: [DONE]");
        assertThat(frames.subList(0, frames.size() - 1))
                .allSatisfy(frame -> assertThat(data(frame).has("usage")).isFalse());
        assertThat(data(frames.get(frames.size() - 2)).path("choices").path(0).path("finish_reason").asString())
                .isEqualTo("stop");
    }

    @Test
    void chunksHeaderOverridesTheNumberOfContentDeltas() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", openAiBody("gpt-4o", "hi", true, false),
                "x-mock-chunks", "50", "x-mock-delay-ms", "1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(frames(response.body())).hasSize(1 + 50 + 2);
    }

    @ParameterizedTest
    @CsvSource({"x-mock-chunks, 0", "x-mock-chunks, many", "x-mock-delay-ms, -1", "x-mock-delay-ms, 60001"})
    void badOverrideHeaderIsA400NamingTheValue(String header, String value) throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", openAiBody("gpt-4o", "hi", true, false),
                header, value);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asString()).isEqualTo("invalid_header");
        assertThat(error.path("message").asString()).contains(header).contains(value);
    }

    @Test
    void chinesePromptGetsAChineseAnswerQuotingIt() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", openAiBody("qwen-plus", "今天天气怎么样？", false, false));

        String content = JSON.readTree(response.body()).path("choices").path(0).path("message").path("content").asString();
        assertThat(content).startsWith("你好！").contains("「今天天气怎么样？」");
    }

    @Test
    void answerQuotesTheLastUserMessageWhenContentIsAnArrayOfParts() throws Exception {
        String body = """
                {"model":"gpt-4o","messages":[
                  {"role":"system","content":"Be brief."},
                  {"role":"user","content":"first question"},
                  {"role":"assistant","content":"first answer"},
                  {"role":"user","content":[{"type":"text","text":"second question"}]}]}""";

        HttpResponse<String> response = post("/v1/chat/completions", body);

        String content = JSON.readTree(response.body()).path("choices").path(0).path("message").path("content").asString();
        assertThat(content).contains("\"second question\"").doesNotContain("first question");
    }

    @Test
    void malformedJsonIsAnOpenAiShaped400() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asString()).isEqualTo("invalid_json");
        assertThat(error.has("param")).isTrue();
    }

    @Test
    void missingModelIsA400() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", "{\"messages\":[]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("code").asString())
                .isEqualTo("missing_required_parameter");
    }

    @Test
    void modelsIsAnOpenAiModelList() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri("/v1/models")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asString()).isEqualTo("list");
        assertThat(body.path("data").size()).isGreaterThanOrEqualTo(3);
        assertThat(body.path("data").values()).allSatisfy(model -> {
            assertThat(model.path("object").asString()).isEqualTo("model");
            assertThat(model.path("id").asString()).isNotBlank();
            assertThat(model.path("owned_by").asString()).isNotBlank();
        });
    }

    @Test
    void unknownPathIsA404() throws Exception {
        HttpResponse<String> response = post("/v1/completions", "{}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asString()).contains("/v1/completions");
    }

    // ---- Anthropic Messages ----

    @Test
    void anthropicMessageIsAFaithfulMessageObject() throws Exception {
        HttpResponse<String> response = post("/v1/messages", anthropicBody("claude-sonnet-4-5", "What is aigw?", false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("request-id")).isPresent();
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("id").asString()).matches("msg_01[0-9A-Za-z]{22}");
        assertThat(body.path("type").asString()).isEqualTo("message");
        assertThat(body.path("role").asString()).isEqualTo("assistant");
        assertThat(body.path("model").asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("content").size()).isEqualTo(1);
        assertThat(body.path("content").path(0).path("type").asString()).isEqualTo("text");
        assertThat(body.path("content").path(0).path("text").asString()).contains("\"What is aigw?\"");
        assertThat(body.path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(body.has("stop_sequence")).isTrue();
        assertThat(body.path("stop_sequence").isNull()).isTrue();
        assertThat(body.path("usage").path("input_tokens").asInt()).isPositive();
        assertThat(body.path("usage").path("output_tokens").asInt()).isPositive();
    }

    @Test
    void anthropicStreamHasTheExactEventSequence() throws Exception {
        String prompt = "用中文回答";
        HttpResponse<String> response = post("/v1/messages", anthropicBody("claude-sonnet-4-5", prompt, true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        List<String> frames = frames(response.body());
        List<String> names = frames.stream().map(MockModelServerTest::eventName).toList();
        List<String> expected = new ArrayList<>(List.of("message_start", "content_block_start", "ping"));
        expected.addAll(Collections.nCopies(CHUNKS, "content_block_delta"));
        expected.addAll(List.of("content_block_stop", "message_delta", "message_stop"));
        assertThat(names).isEqualTo(expected);
        assertThat(frames).allSatisfy(frame -> assertThat(data(frame).path("type").asString()).isEqualTo(eventName(frame)));

        JsonNode message = data(frames.get(0)).path("message");
        assertThat(message.path("id").asString()).matches("msg_01[0-9A-Za-z]{22}");
        assertThat(message.path("model").asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(message.path("content").isEmpty()).isTrue();
        assertThat(message.path("stop_reason").isNull()).isTrue();
        assertThat(message.path("usage").path("input_tokens").asInt()).isPositive();

        JsonNode block = data(frames.get(1));
        assertThat(block.path("index").asInt()).isZero();
        assertThat(block.path("content_block").path("type").asString()).isEqualTo("text");
        assertThat(block.path("content_block").path("text").asString()).isEmpty();

        String streamed = frames.subList(3, 3 + CHUNKS).stream().map(MockModelServerTest::data)
                .peek(delta -> assertThat(delta.path("delta").path("type").asString()).isEqualTo("text_delta"))
                .map(delta -> delta.path("delta").path("text").asString())
                .collect(Collectors.joining());
        String whole = JSON.readTree(post("/v1/messages", anthropicBody("claude-sonnet-4-5", prompt, false)).body())
                .path("content").path(0).path("text").asString();
        assertThat(streamed).isEqualTo(whole).startsWith("你好！");

        JsonNode messageDelta = data(frames.get(frames.size() - 2));
        assertThat(messageDelta.path("delta").path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(messageDelta.path("usage").path("output_tokens").asInt()).isPositive();
    }

    @Test
    void anthropicWithoutMaxTokensIsAnAnthropicShaped400() throws Exception {
        HttpResponse<String> response = post("/v1/messages",
                "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asString()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").asString()).contains("max_tokens");
    }

    @Test
    void queryStringDoesNotChangeTheRoute() throws Exception {
        HttpResponse<String> response = post("/v1/messages?beta=true", anthropicBody("claude-sonnet-4-5", "hi", false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("type").asString()).isEqualTo("message");
    }

    @Test
    void declaredBodyOverTheLimitIsA413InTheCallersProtocol() throws Exception {
        String head = "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (MockModelServer.MAX_BODY_BYTES + 1) + "\r\nConnection: close\r\n\r\n";
        String response;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            response = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
        }

        assertThat(response).startsWith("HTTP/1.1 413");
        JsonNode body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(body.path("error").path("type").asString()).isEqualTo("request_too_large");
    }

    // ---- flushing and pacing ----

    @ParameterizedTest
    @CsvSource({"/v1/chat/completions, openai", "/v1/messages, anthropic"})
    void everyStreamEventIsItsOwnHttpChunk(String path, String protocol) throws Exception {
        String body = protocol.equals("openai")
                ? openAiBody("gpt-4o", "hi", true, true)
                : anthropicBody("claude-sonnet-4-5", "hi", true);

        List<String> httpChunks = rawChunkedPost(path, body, "x-mock-chunks: 7\r\nx-mock-delay-ms: 2\r\n");

        int expectedEvents = protocol.equals("openai") ? 1 + 7 + 3 : 3 + 7 + 3;
        assertThat(httpChunks).hasSize(expectedEvents).allSatisfy(chunk -> {
            assertThat(chunk).endsWith("\n\n");
            assertThat(chunk.indexOf("\n\n")).isEqualTo(chunk.length() - 2);
        });
    }

    @Test
    void streamPausesBeforeEachContentDeltaOnly() {
        MockChatRequest request = new MockChatRequest("gpt-4o", true, false, "hi", "hi");
        MockReply reply = new MockReplyComposer().compose(request, 3);
        OpenAiWire wire = new OpenAiWire(JSON, Clock.fixed(NOW, ZoneOffset.UTC));
        Duration delay = Duration.ofMillis(100);

        StepVerifier.withVirtualTime(() -> wire.chunks(request, reply, delay))
                .expectSubscription()
                .expectNextCount(1) // role chunk at once
                .expectNoEvent(Duration.ofMillis(99)).thenAwait(Duration.ofMillis(1)).expectNextCount(1)
                .expectNoEvent(Duration.ofMillis(99)).thenAwait(Duration.ofMillis(1)).expectNextCount(1)
                .expectNoEvent(Duration.ofMillis(99)).thenAwait(Duration.ofMillis(1)).expectNextCount(1)
                .expectNextMatches(frame -> frame.contains("\"finish_reason\":\"stop\"")) // no pause after the last delta
                .expectNext(OpenAiWire.DONE)
                .verifyComplete();
    }

    // ---- helpers ----

    private static String nonStreamingOpenAiContent(String prompt) throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", openAiBody("gpt-4o", prompt, false, false));
        return JSON.readTree(response.body()).path("choices").path(0).path("message").path("content").asString();
    }

    private static String openAiBody(String model, String prompt, boolean stream, boolean includeUsage) {
        var root = JSON.createObjectNode();
        root.put("model", model);
        root.put("stream", stream);
        if (includeUsage) {
            root.putObject("stream_options").put("include_usage", true);
        }
        var messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You are helpful.");
        messages.addObject().put("role", "user").put("content", prompt);
        return JSON.writeValueAsString(root);
    }

    private static String anthropicBody(String model, String prompt, boolean stream) {
        var root = JSON.createObjectNode();
        root.put("model", model);
        root.put("max_tokens", 1024);
        root.put("stream", stream);
        root.put("system", "You are helpful.");
        root.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return JSON.writeValueAsString(root);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .header("authorization", "Bearer test-key")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The SSE frames of a body, without their blank-line terminators. */
    private static List<String> frames(String body) {
        assertThat(body).endsWith("\n\n");
        return Arrays.asList(body.substring(0, body.length() - 2).split("\n\n", -1));
    }

    private static String eventName(String frame) {
        assertThat(frame).startsWith("event: ");
        return frame.substring("event: ".length(), frame.indexOf('\n'));
    }

    private static JsonNode data(String frame) {
        int start = frame.indexOf("data: ");
        assertThat(start).isNotNegative();
        return JSON.readTree(frame.substring(start + "data: ".length()).strip());
    }

    /**
     * Sends a raw HTTP/1.1 request and returns the payloads of the chunked response body, one per
     * HTTP chunk: the server's write boundaries survive however TCP segments the bytes.
     */
    private static List<String> rawChunkedPost(String path, String body, String extraHeaders) throws IOException {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n"
                + "Connection: close\r\n" + extraHeaders + "\r\n";
        byte[] response;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            response = readAll(socket.getInputStream());
        }
        String raw = new String(response, StandardCharsets.ISO_8859_1);
        int bodyStart = raw.indexOf("\r\n\r\n") + 4;
        assertThat(raw.substring(0, bodyStart).toLowerCase(Locale.ROOT)).contains("transfer-encoding: chunked");
        List<String> chunks = new ArrayList<>();
        int pos = bodyStart;
        while (true) {
            int lineEnd = raw.indexOf("\r\n", pos);
            int size = Integer.parseInt(raw.substring(pos, lineEnd).trim(), 16);
            if (size == 0) {
                return chunks;
            }
            int dataStart = lineEnd + 2;
            chunks.add(new String(response, dataStart, size, StandardCharsets.UTF_8));
            assertThat(raw.substring(dataStart + size, dataStart + size + 2)).isEqualTo("\r\n");
            pos = dataStart + size + 2;
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }
}
