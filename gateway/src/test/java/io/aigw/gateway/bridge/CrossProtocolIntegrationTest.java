package io.aigw.gateway.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.InternalServerException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.label.Receipts;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.audit.AuditLines;
import io.aigw.gateway.audit.AuditProperties;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16 item 3 end to end: an Anthropic SDK in front of an OpenAI-compatible upstream and an OpenAI
 * SDK in front of an Anthropic upstream, through the routes' policy filters (license, content, label).
 * The upstream (WireMock) answers in the other protocol's documented wire format (OpenAI's Chat
 * Completions and streaming reference with {@code stream_options.include_usage}; Anthropic's Messages
 * and "Streaming Messages" reference, tool use example included); the client's official SDK parses
 * every translated answer. The error tests here fail upstream calls on purpose (and 529/503 are
 * retried): the two routes' breakers get a window that these failures cannot open, since an open
 * breaker (tested in UpstreamResilienceIntegrationTest) would answer the next tests in their place.
 */
@Import(CrossProtocolRoutes.class)
@TestPropertySource(properties = {
    "resilience4j.circuitbreaker.instances.upstream-anthropic-to-openai.minimum-number-of-calls=1000",
    "resilience4j.circuitbreaker.instances.upstream-anthropic-to-openai.sliding-window-size=1000",
    "resilience4j.circuitbreaker.instances.upstream-openai-to-anthropic.minimum-number-of-calls=1000",
    "resilience4j.circuitbreaker.instances.upstream-openai-to-anthropic.sliding-window-size=1000",
})
class CrossProtocolIntegrationTest extends GatewayIntegrationTest {

    private static final String LABEL = LabelConfig.DEFAULT_ZH_CN + "\n\n";
    private static final String WEATHER_ARGUMENTS = "{\"location\":\"北京\",\"unit\":\"celsius\"}";

    @Autowired
    AuditWriter writer;

    @Autowired
    AuditProperties auditProperties;

    private AnthropicClient anthropic(String requestId) {
        return AnthropicOkHttpClient.builder().baseUrl(gatewayUrl(CrossProtocolRoutes.ANTHROPIC_TO_OPENAI)).apiKey(KEY)
                .maxRetries(0).putHeader("X-Request-Id", requestId).build();
    }

    private OpenAIClient openAi(String requestId) {
        return OpenAIOkHttpClient.builder().baseUrl(gatewayUrl(CrossProtocolRoutes.OPENAI_TO_ANTHROPIC)).apiKey(KEY)
                .maxRetries(0).putHeader("X-Request-Id", requestId).build();
    }

    private static void stub(String contentType, String body) {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", contentType).withBody(body)));
    }

    private static void stubStream(String body) {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(body).withChunkedDribbleDelay(9, 90)));
    }

    private JsonNode auditLine(String requestId) {
        return new AuditLines(writer, auditProperties).theLineOf(requestId);
    }

    private static String newId() {
        return "cross-" + UUID.randomUUID();
    }

    private static JsonNode upstreamBody() {
        List<LoggedRequest> requests = UPSTREAM.findAll(anyRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        return Json.parseUpstream(requests.get(0).getBodyAsString());
    }

    private static JsonNode json(Object sdkValue) {
        return Json.parseUpstream(Json.MAPPER.writeValueAsString(sdkValue));
    }

    // ------------------------------------------------------------------ OpenAI wire format (upstream)

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-B9\",\"object\":\"chat.completion.chunk\",\"created\":1763983201,\"model\":\"gpt-4o-2024-08-06\","
                + "\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}],\"usage\":null}\n\n";
    }

    private static final String USAGE_CHUNK = "data: {\"id\":\"chatcmpl-B9\",\"object\":\"chat.completion.chunk\",\"created\":1763983201,"
            + "\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_1\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":17,\"total_tokens\":38}}\n\n";

    private static final String OPENAI_TOOL_STREAM = chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null)
            + chunk("{\"content\":\"我来查\"}", null)
            + chunk("{\"content\":\"一下天气。\"}", null)
            + chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_abc\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null)
            + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"location\\\":\\\"北\"}}]}", null)
            + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"京\\\",\\\"unit\\\":\\\"celsius\\\"}\"}}]}", null)
            + chunk("{}", "tool_calls") + USAGE_CHUNK + "data: [DONE]\n\n";

    private static final String OPENAI_COMPLETION = """
            {"id":"chatcmpl-J1","object":"chat.completion","created":1763983201,"model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant","content":"我来查一下天气。","refusal":null,
               "tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":%s}}],"annotations":[]},
               "logprobs":null,"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":21,"completion_tokens":17,"total_tokens":38},"system_fingerprint":"fp_1"}"""
            .formatted(Json.NODES.stringNode(WEATHER_ARGUMENTS).toString());

    private static MessageCreateParams.Builder weatherQuestion() {
        return MessageCreateParams.builder().model("gpt-4o").maxTokens(256).system("You are terse.").addUserMessage("北京天气？")
                .addTool(Tool.builder().name("get_weather").description("Current weather")
                        .inputSchema(Tool.InputSchema.builder().properties(com.anthropic.core.JsonValue.from(
                                Map.of("location", Map.of("type", "string"), "unit", Map.of("type", "string")))).build())
                        .build());
    }

    // ------------------------------------------------------------------ Anthropic client, OpenAI upstream

    @Test
    void anthropicSdkGetsAnOpenAiCompletionAsAMessageWithTextToolUseUsageLabelAndReceipt() {
        stub("application/json", OPENAI_COMPLETION);
        String id = newId();

        Message message = anthropic(id).messages().create(weatherQuestion().build());

        assertThat(message.id()).isEqualTo("chatcmpl-J1");
        assertThat(message.model().asString()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(message.content()).hasSize(2);
        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo(LABEL + "我来查一下天气。");
        var toolUse = message.content().get(1).toolUse().orElseThrow();
        assertThat(toolUse.id()).isEqualTo("call_abc");
        assertThat(toolUse.name()).isEqualTo("get_weather");
        assertThat(json(toolUse._input().convert(Object.class))).isEqualTo(Json.parseUpstream(WEATHER_ARGUMENTS));
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(message.usage().inputTokens()).isEqualTo(21);
        assertThat(message.usage().outputTokens()).isEqualTo(17);
        JsonNode aigc = json(message._additionalProperties().get("aigc").convert(Object.class));
        assertThat(aigc.path("Label").stringValue()).isEqualTo("1");

        UPSTREAM.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer sk-upstream-openai"))
                .withoutHeader("x-api-key").withoutHeader("anthropic-version"));
        JsonNode sent = upstreamBody();
        assertThat(sent.path("messages").toString()).isEqualTo(
                "[{\"role\":\"system\",\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"北京天气？\"}]");
        assertThat(sent.path("max_tokens").intValue()).isEqualTo(256);
        assertThat(sent.path("tools").get(0).path("type").stringValue()).isEqualTo("function");
        assertThat(sent.path("tools").get(0).path("function").path("name").stringValue()).isEqualTo("get_weather");
        assertThat(sent.path("tools").get(0).path("function").path("parameters").path("properties").has("location")).isTrue();
        assertThat(sent.has("stream")).isFalse();

        JsonNode line = auditLine(id);
        assertThat(line.path("protocol").stringValue()).isEqualTo("anthropic");
        assertThat(line.path("usage").path("prompt_tokens").longValue()).isEqualTo(21);
        assertThat(line.path("receipt").stringValue()).isNotEmpty();
        assertThat(aigc.path("ReservedCode1").stringValue()).isEqualTo(Receipts.digest(line.path("receipt").stringValue()));
    }

    @Test
    void anthropicSdkStreamsAnOpenAiStreamWithTextAndAToolCall() {
        stubStream(OPENAI_TOOL_STREAM);
        String id = newId();
        MessageAccumulator accumulator = MessageAccumulator.create();
        AtomicReference<RawMessageStreamEvent> last = new AtomicReference<>();

        try (StreamResponse<RawMessageStreamEvent> stream = anthropic(id).messages().createStreaming(weatherQuestion().build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                last.set(event);
            });
        }

        Message message = accumulator.message();
        assertThat(message.id()).isEqualTo("chatcmpl-B9");
        assertThat(message.content()).hasSize(2);
        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo(LABEL + "我来查一下天气。");
        ContentBlock tool = message.content().get(1);
        assertThat(tool.toolUse().orElseThrow().id()).isEqualTo("call_abc");
        assertThat(tool.toolUse().orElseThrow().name()).isEqualTo("get_weather");
        assertThat(json(tool.toolUse().orElseThrow()._input().convert(Object.class))).isEqualTo(Json.parseUpstream(WEATHER_ARGUMENTS));
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(message.usage().outputTokens()).isEqualTo(17);
        assertThat(last.get().isMessageStop()).isTrue();
        var extra = last.get().asMessageStop()._additionalProperties();
        String receipt = extra.get("aigc_receipt").asStringOrThrow();
        JsonNode aigc = json(extra.get("aigc").convert(Object.class));
        assertThat(aigc.path("ReservedCode1").stringValue()).isEqualTo(Receipts.digest(receipt));

        JsonNode sent = upstreamBody();
        assertThat(sent.path("stream").booleanValue()).isTrue();
        assertThat(sent.path("stream_options").path("include_usage").booleanValue()).isTrue();
        JsonNode line = auditLine(id);
        assertThat(line.path("usage").path("prompt_tokens").longValue()).isEqualTo(21);
        assertThat(line.path("usage").path("completion_tokens").longValue()).isEqualTo(17);
    }

    @Test
    void anOpenAiStreamBlockedMidwayReachesTheAnthropicClientWithoutTheTermAndStopsWithRefusal() {
        StringBuilder upstream = new StringBuilder(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
        for (char c : "Hello there, forbiddenword and more".toCharArray()) {
            upstream.append(chunk(Json.NODES.objectNode().put("content", String.valueOf(c)).toString(), null));
        }
        upstream.append(chunk("{}", "stop")).append(USAGE_CHUNK).append("data: [DONE]\n\n");
        stubStream(upstream.toString());

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (var stream = anthropic(newId()).messages().createStreaming(weatherQuestion().build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertThat(accumulator.message().stopReason()).contains(StopReason.REFUSAL);
        assertThat(accumulator.message().content().get(0).text().orElseThrow().text()).isEqualTo(LABEL + "Hello there, ");

        HttpResponse<String> raw = send(CrossProtocolRoutes.ANTHROPIC_TO_OPENAI + "/v1/messages",
                "{\"model\":\"gpt-4o\",\"max_tokens\":9,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", KEY);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).doesNotContain("forbidden").doesNotContain("more").doesNotContain("chat.completion")
                .contains("\"stop_reason\":\"refusal\"").endsWith("}\n\n");
        assertThat(raw.body().substring(raw.body().indexOf("\"stop_reason\":\"refusal\""))).doesNotContain("content_block_delta");
    }

    @Test
    void anOpenAiUpstreamErrorReachesTheAnthropicClientInItsShapeAndStatus() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "7").withBody("""
                        {"error":{"message":"Rate limit reached for gpt-4o","type":"requests","param":null,"code":"rate_limit_exceeded"}}""")));

        assertThatThrownBy(() -> anthropic(newId()).messages().create(weatherQuestion().build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.statusCode()).isEqualTo(429));
        HttpResponse<String> raw = send(CrossProtocolRoutes.ANTHROPIC_TO_OPENAI + "/v1/messages",
                "{\"model\":\"gpt-4o\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", KEY);
        assertThat(raw.statusCode()).isEqualTo(429);
        assertThat(raw.headers().firstValue("Retry-After")).contains("7");
        JsonNode body = Json.parseUpstream(raw.body());
        assertThat(body.path("type").stringValue()).isEqualTo("error");
        assertThat(body.path("error").path("type").stringValue()).isEqualTo("rate_limit_error");
        assertThat(body.path("error").path("message").stringValue()).isEqualTo("Rate limit reached for gpt-4o");
    }

    @Test
    void anOpenAiErrorChunkMidStreamEndsTheAnthropicStreamWithAnErrorEvent() {
        stubStream(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null) + chunk("{\"content\":\"Hi\"}", null)
                + "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n");
        HttpResponse<String> raw = send(CrossProtocolRoutes.ANTHROPIC_TO_OPENAI + "/v1/messages",
                "{\"model\":\"gpt-4o\",\"max_tokens\":9,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", KEY);
        assertThat(raw.body()).contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\"")
                .contains("The server had an error").doesNotContain("message_stop");
    }

    @Test
    void anAnthropicRequestWithImagesToolHistoryAndToolResultsIsSentAsChatCompletions() {
        stub("application/json", OPENAI_COMPLETION);
        String request = """
                {"model":"gpt-4o","max_tokens":100,"temperature":0.2,"stop_sequences":["END"],
                 "system":[{"type":"text","text":"Be brief."},{"type":"text","text":"Use tools."}],
                 "metadata":{"user_id":"u-1"},"top_k":5,
                 "tool_choice":{"type":"any","disable_parallel_tool_use":true},
                 "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"location":{"type":"string"}}}}],
                 "messages":[
                  {"role":"user","content":[{"type":"text","text":"What is here?"},
                     {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                     {"type":"image","source":{"type":"url","url":"https://example.com/a.jpg"}}]},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"hm","signature":"sig"},{"type":"text","text":"Checking."},
                     {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"location":"北京"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"晴 25°C"}]},
                     {"type":"text","text":"And tomorrow?"}]}]}""";

        HttpResponse<String> response = send(CrossProtocolRoutes.ANTHROPIC_TO_OPENAI + "/v1/messages", request, "x-api-key", KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstreamBody()).isEqualTo(Json.parseUpstream("""
                {"model":"gpt-4o","messages":[
                  {"role":"system","content":"Be brief.\\nUse tools."},
                  {"role":"user","content":[{"type":"text","text":"What is here?"},
                     {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                     {"type":"image_url","image_url":{"url":"https://example.com/a.jpg"}}]},
                  {"role":"assistant","content":"Checking.","tool_calls":[{"id":"toolu_1","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"location\\":\\"北京\\"}"}}]},
                  {"role":"tool","tool_call_id":"toolu_1","content":"晴 25°C"},
                  {"role":"user","content":[{"type":"text","text":"And tomorrow?"}]}],
                 "max_tokens":100,"temperature":0.2,"stop":["END"],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather",
                     "parameters":{"type":"object","properties":{"location":{"type":"string"}}}}}],
                 "tool_choice":"required","parallel_tool_calls":false,"user":"u-1"}"""));
    }

    @Test
    void anAnthropicRequestWithAServerToolIsRefusedInAnthropicsShapeBeforeTheUpstream() {
        HttpResponse<String> response = send(CrossProtocolRoutes.ANTHROPIC_TO_OPENAI + "/v1/messages",
                "{\"model\":\"gpt-4o\",\"max_tokens\":9,\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}],"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", KEY);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = Json.parseUpstream(response.body());
        assertThat(body.path("type").stringValue()).isEqualTo("error");
        assertThat(body.path("error").path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").stringValue()).contains("web_search_20250305");
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    // ------------------------------------------------------------------ Anthropic wire format (upstream)

    private static String event(String data) {
        return "event: " + Json.parseUpstream(data).path("type").stringValue() + "\ndata: " + data + "\n\n";
    }

    /** The tool-use streaming example of Anthropic's "Streaming Messages" reference, with Chinese text. */
    private static final String ANTHROPIC_TOOL_STREAM = event("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_014p7gG3wDgGV9EUtLvnow3U\","
            + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":472,\"output_tokens\":2},\"content\":[],\"stop_reason\":null}}")
            + event("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
            + event("{\"type\": \"ping\"}")
            + event("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"我来查\"}}")
            + event("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"一下天气。\"}}")
            + event("{\"type\":\"content_block_stop\",\"index\":0}")
            + event("{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\","
                    + "\"name\":\"get_weather\",\"input\":{}}}")
            + event("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}")
            + event("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"location\\\":\\\"北\"}}")
            + event("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"京\\\",\\\"unit\\\":\\\"celsius\\\"}\"}}")
            + event("{\"type\":\"content_block_stop\",\"index\":1}")
            + event("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":89}}")
            + event("{\"type\":\"message_stop\"}");

    private static final String ANTHROPIC_MESSAGE = """
            {"id":"msg_01Aq9w938a90dw8q","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
             "content":[{"type":"thinking","thinking":"The user wants the weather.","signature":"EqQBCgIYAhIM"},
                        {"type":"text","text":"我来查一下天气。"},
                        {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather","input":{"location":"北京","unit":"celsius"}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":2095,"output_tokens":503,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}""";

    private static ChatCompletionCreateParams.Builder weatherChat() {
        return ChatCompletionCreateParams.builder().model("claude-sonnet-4-5").addSystemMessage("You are terse.")
                .addUserMessage("北京天气？")
                .addTool(com.openai.models.chat.completions.ChatCompletionFunctionTool.builder()
                        .function(com.openai.models.FunctionDefinition.builder().name("get_weather")
                                .parameters(com.openai.models.FunctionParameters.builder()
                                        .putAdditionalProperty("type", com.openai.core.JsonValue.from("object")).build())
                                .build())
                        .build());
    }

    // ------------------------------------------------------------------ OpenAI client, Anthropic upstream

    @Test
    void openAiSdkGetsAnAnthropicMessageAsACompletionWithTextToolCallsUsageLabelAndReceipt() {
        stub("application/json", ANTHROPIC_MESSAGE);
        String id = newId();

        ChatCompletion completion = openAi(id).chat().completions().create(weatherChat().build());

        assertThat(completion.id()).isEqualTo("msg_01Aq9w938a90dw8q");
        assertThat(completion.model()).isEqualTo("claude-sonnet-4-5-20250929");
        ChatCompletionMessage message = completion.choices().get(0).message();
        assertThat(message.content()).contains(LABEL + "我来查一下天气。");
        assertThat(message.toolCalls().orElseThrow()).singleElement().satisfies(call -> {
            assertThat(call.asFunction().id()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
            assertThat(call.asFunction().function().name()).isEqualTo("get_weather");
            assertThat(Json.parseUpstream(call.asFunction().function().arguments())).isEqualTo(Json.parseUpstream(WEATHER_ARGUMENTS));
        });
        assertThat(message._additionalProperties().get("reasoning_content").asStringOrThrow()).isEqualTo("The user wants the weather.");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(2095);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(503);
        assertThat(completion._additionalProperties()).containsKey("aigc");

        UPSTREAM.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("x-api-key", com.github.tomakehurst.wiremock.client.WireMock.equalTo("sk-upstream-anthropic"))
                .withHeader("anthropic-version", com.github.tomakehurst.wiremock.client.WireMock.equalTo("2023-06-01"))
                .withoutHeader("Authorization"));
        JsonNode sent = upstreamBody();
        assertThat(sent.path("system").stringValue()).isEqualTo("You are terse.");
        assertThat(sent.path("messages").toString()).isEqualTo("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"北京天气？\"}]}]");
        assertThat(sent.path("max_tokens").intValue()).isEqualTo(4096);
        assertThat(sent.path("tools").get(0).path("name").stringValue()).isEqualTo("get_weather");
        assertThat(sent.path("tools").get(0).path("input_schema").path("type").stringValue()).isEqualTo("object");

        JsonNode line = auditLine(id);
        assertThat(line.path("protocol").stringValue()).isEqualTo("openai");
        assertThat(line.path("usage").path("prompt_tokens").longValue()).isEqualTo(2095);
        assertThat(line.path("receipt").stringValue()).isNotEmpty();
    }

    @Test
    void openAiSdkStreamsAnAnthropicStreamWithTextAndAToolCall() {
        stubStream(ANTHROPIC_TOOL_STREAM);
        String id = newId();
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        AtomicReference<ChatCompletionChunk> last = new AtomicReference<>();

        try (var stream = openAi(id).chat().completions().createStreaming(weatherChat()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                accumulator.accumulate(chunk);
                last.set(chunk);
            });
        }

        ChatCompletion completion = accumulator.chatCompletion();
        assertThat(completion.id()).isEqualTo("msg_014p7gG3wDgGV9EUtLvnow3U");
        ChatCompletionMessage message = completion.choices().get(0).message();
        assertThat(message.content()).contains(LABEL + "我来查一下天气。");
        assertThat(message.toolCalls().orElseThrow()).singleElement().satisfies(call -> {
            assertThat(call.asFunction().id()).isEqualTo("toolu_01T1x1fJ34qAmk2tNTrN7Up6");
            assertThat(call.asFunction().function().name()).isEqualTo("get_weather");
            assertThat(call.asFunction().function().arguments()).isEqualTo(WEATHER_ARGUMENTS);
        });
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(472);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(89);
        assertThat(last.get().choices()).as("the usage chunk comes last, as with stream_options.include_usage").isEmpty();
        var extra = last.get()._additionalProperties();
        String receipt = extra.get("aigc_receipt").asStringOrThrow();
        JsonNode aigc = json(extra.get("aigc").convert(Object.class));
        assertThat(aigc.path("ReservedCode1").stringValue()).isEqualTo(Receipts.digest(receipt));

        JsonNode sent = upstreamBody();
        assertThat(sent.path("stream").booleanValue()).isTrue();
        assertThat(sent.has("stream_options")).isFalse();
        JsonNode line = auditLine(id);
        assertThat(line.path("usage").path("prompt_tokens").longValue()).isEqualTo(472);
        assertThat(line.path("usage").path("completion_tokens").longValue()).isEqualTo(89);
    }

    /** A client that did not ask for usage gets no usage chunk ({@code choices: []}); the labels ride on the finish chunk. */
    @Test
    void openAiSdkThatDoesNotAskForUsageGetsNoUsageChunkFromAnAnthropicStream() {
        stubStream(ANTHROPIC_TOOL_STREAM);
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        AtomicReference<ChatCompletionChunk> last = new AtomicReference<>();
        try (var stream = openAi(newId()).chat().completions().createStreaming(weatherChat().build())) {
            stream.stream().forEach(chunk -> {
                accumulator.accumulate(chunk);
                last.set(chunk);
            });
        }
        assertThat(accumulator.chatCompletion().usage()).isEmpty();
        assertThat(accumulator.chatCompletion().choices().get(0).message().toolCalls().orElseThrow()).hasSize(1);
        assertThat(last.get().choices()).as("the last chunk is the finish chunk").singleElement()
                .satisfies(choice -> assertThat(choice.finishReason()).contains(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS));
        assertThat(last.get()._additionalProperties()).containsKeys("aigc", "aigc_receipt");
    }

    @Test
    void anAnthropicStreamBlockedMidwayReachesTheOpenAiClientWithoutTheTermAndFinishesWithContentFilter() {
        StringBuilder upstream = new StringBuilder(event("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_b\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}"));
        upstream.append(event("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        for (char c : "你好，禁止词语不能说".toCharArray()) {
            upstream.append(event("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + c + "\"}}"));
        }
        upstream.append(event("{\"type\":\"content_block_stop\",\"index\":0}"))
                .append(event("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}"))
                .append(event("{\"type\":\"message_stop\"}"));
        stubStream(upstream.toString());

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (var stream = openAi(newId()).chat().completions().createStreaming(weatherChat().build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertThat(accumulator.chatCompletion().choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.CONTENT_FILTER);
        assertThat(accumulator.chatCompletion().choices().get(0).message().content()).contains(LABEL + "你好，");

        HttpResponse<String> raw = send(CrossProtocolRoutes.OPENAI_TO_ANTHROPIC + "/chat/completions",
                "{\"model\":\"claude\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "Authorization", "Bearer " + KEY);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).doesNotContain("禁").doesNotContain("不能说").doesNotContain("content_block")
                .contains("\"finish_reason\":\"content_filter\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void anAnthropicOverloadReachesTheOpenAiClientAs503InItsShape() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(529).withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));

        assertThatThrownBy(() -> openAi(newId()).chat().completions().create(weatherChat().build()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        HttpResponse<String> raw = send(CrossProtocolRoutes.OPENAI_TO_ANTHROPIC + "/chat/completions",
                "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "Authorization", "Bearer " + KEY);
        assertThat(raw.statusCode()).isEqualTo(503);
        JsonNode error = Json.parseUpstream(raw.body()).path("error");
        assertThat(error.path("message").stringValue()).isEqualTo("Overloaded");
        assertThat(error.path("type").stringValue()).isEqualTo("api_error");
        assertThat(error.path("code").stringValue()).isEqualTo("overloaded_error");
        assertThat(error.has("param")).isTrue();
    }

    @Test
    void anAnthropicErrorEventMidStreamEndsTheOpenAiStreamWithAnErrorChunk() {
        stubStream(event("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_e\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}")
                + event("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + event("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}")
                + event("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        HttpResponse<String> raw = send(CrossProtocolRoutes.OPENAI_TO_ANTHROPIC + "/chat/completions",
                "{\"model\":\"claude\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "Authorization", "Bearer " + KEY);
        assertThat(raw.body()).contains("data: {\"error\":{\"message\":\"the upstream failed mid-answer (overloaded_error): Overloaded\"")
                .endsWith("data: [DONE]\n\n").doesNotContain("event:");
    }

    @Test
    void anOpenAiRequestWithImagesToolHistoryAndToolResultsIsSentAsMessages() {
        stub("application/json", ANTHROPIC_MESSAGE);
        String request = """
                {"model":"claude-sonnet-4-5","max_completion_tokens":300,"stop":"END","user":"u-2","parallel_tool_calls":false,
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}},"seed":7,"stream_options":null,
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather",
                     "parameters":{"type":"object","properties":{"location":{"type":"string"}}}}}],
                 "messages":[
                  {"role":"developer","content":"Be brief."},
                  {"role":"system","content":[{"type":"text","text":"Use tools."}]},
                  {"role":"user","content":[{"type":"text","text":"What is here?"},
                     {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ","detail":"low"}},
                     {"type":"image_url","image_url":{"url":"https://example.com/a.jpg"}}]},
                  {"role":"assistant","content":"Checking.","tool_calls":[
                     {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"北京\\"}"}},
                     {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"上海\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"晴"},
                  {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"雨"}]},
                  {"role":"user","content":"And tomorrow?"}]}""";

        HttpResponse<String> response = send(CrossProtocolRoutes.OPENAI_TO_ANTHROPIC + "/chat/completions", request,
                "Authorization", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstreamBody()).isEqualTo(Json.parseUpstream("""
                {"model":"claude-sonnet-4-5","max_tokens":300,"system":"Be brief.\\n\\nUse tools.","messages":[
                  {"role":"user","content":[{"type":"text","text":"What is here?"},
                     {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}},
                     {"type":"image","source":{"type":"url","url":"https://example.com/a.jpg"}}]},
                  {"role":"assistant","content":[{"type":"text","text":"Checking."},
                     {"type":"tool_use","id":"call_1","name":"get_weather","input":{"location":"北京"}},
                     {"type":"tool_use","id":"call_2","name":"get_weather","input":{"location":"上海"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"晴"},
                     {"type":"tool_result","tool_use_id":"call_2","content":"雨"},
                     {"type":"text","text":"And tomorrow?"}]}],
                 "stop_sequences":["END"],
                 "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"location":{"type":"string"}}}}],
                 "tool_choice":{"type":"tool","name":"get_weather","disable_parallel_tool_use":true},
                 "metadata":{"user_id":"u-2"}}"""));
    }

    @Test
    void anOpenAiRequestForSeveralChoicesIsRefusedInOpenAisShapeBeforeTheUpstream() {
        HttpResponse<String> response = send(CrossProtocolRoutes.OPENAI_TO_ANTHROPIC + "/chat/completions",
                "{\"model\":\"claude\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "Authorization", "Bearer " + KEY);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = Json.parseUpstream(response.body()).path("error");
        assertThat(error.path("code").stringValue()).isEqualTo("unsupported_across_protocols");
        assertThat(error.path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
