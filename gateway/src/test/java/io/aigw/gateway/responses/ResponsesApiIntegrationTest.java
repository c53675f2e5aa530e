package io.aigw.gateway.responses;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.label.Receipts;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.audit.AuditLines;
import io.aigw.gateway.audit.AuditProperties;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16 item 4 end to end: the official OpenAI SDK's {@code responses().create} and
 * {@code responses().createStreaming} against the gateway, through every policy filter, in front of an
 * upstream that speaks the Responses API itself (WireMock replaying the documented event stream and
 * response object: API reference, "Responses" and "Streaming events"), of the OpenAI-compatible upstream
 * of the configured {@code /v1/responses} route (Chat Completions, translated), and of an Anthropic
 * upstream (Messages, through Chat Completions). Checked: the prompt policy over instructions and every
 * input item, the content policy and the explicit label in {@code output_text} (a blocked term mid-stream
 * never reaches the client), function calls intact and unlabeled, {@code aigc} and the receipt in the
 * final response, the audit line, and errors in OpenAI's shape.
 */
@Import(ResponsesRoutes.class)
class ResponsesApiIntegrationTest extends GatewayIntegrationTest {

    private static final String LABEL = LabelConfig.DEFAULT_ZH_CN + "\n\n";
    private static final String ARGUMENTS = "{\"location\":\"北京\",\"unit\":\"celsius\"}";

    @Autowired
    AuditWriter writer;
    @Autowired
    AuditProperties auditProperties;

    private OpenAIClient sdk(String baseUrl, String requestId) {
        return OpenAIOkHttpClient.builder().baseUrl(gatewayUrl(baseUrl)).apiKey(KEY).maxRetries(0)
                .putHeader("X-Request-Id", requestId).build();
    }

    private static String newId() {
        return "responses-" + UUID.randomUUID();
    }

    private static ResponseCreateParams weatherQuestion(String input) {
        return ResponseCreateParams.builder().model("gpt-4.1").instructions("回答要简短。").input(input)
                .addTool(FunctionTool.builder().name("get_weather").description("查询天气")
                        .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
                        .strict(false).build())
                .build();
    }

    private static void stub(String path, String contentType, String body) {
        UPSTREAM.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withHeader("Content-Type", contentType)
                .withBody(body).withChunkedDribbleDelay(7, 70)));
    }

    private static JsonNode upstreamBody() {
        List<LoggedRequest> requests = UPSTREAM.findAll(anyRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        return Json.parseUpstream(requests.get(0).getBodyAsString());
    }

    private JsonNode auditLine(String requestId) {
        return new AuditLines(writer, auditProperties).theLineOf(requestId);
    }

    private static String text(Response response) {
        return response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                .map(t -> t.text()).collect(Collectors.joining());
    }

    private static ResponseFunctionToolCall call(Response response) {
        return response.output().stream().map(ResponseOutputItem::functionCall).flatMap(java.util.Optional::stream)
                .findFirst().orElseThrow();
    }

    /** The final response of a stream (the SDK's accumulator), and the text deltas in order. */
    private record Streamed(Response response, String deltas, List<String> types) {
    }

    private static Streamed stream(OpenAIClient sdk, ResponseCreateParams params) {
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        StringBuilder deltas = new StringBuilder();
        List<String> types = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> events = sdk.responses().createStreaming(params)) {
            events.stream().forEach(event -> {
                accumulator.accumulate(event);
                event.outputTextDelta().ifPresent(delta -> deltas.append(delta.delta()));
                types.add(ObjectMappers.jsonMapper().valueToTree(event).path("type").asText());
            });
        }
        return new Streamed(accumulator.response(), deltas.toString(), types);
    }

    /** {@code aigc} in the final response, whose ReservedCode1 is the digest of the receipt (in the response of a stream). */
    private static void assertImplicitLabel(Response response, String headerReceipt) {
        Map<String, JsonValue> extra = response._additionalProperties();
        JsonNode aigc = Json.parseUpstream(Json.MAPPER.writeValueAsString(extra.get("aigc").convert(Object.class)));
        assertThat(aigc.path("Label").stringValue()).isNotBlank();
        assertThat(aigc.path("ProduceID").stringValue()).isNotBlank();
        String receipt = headerReceipt != null ? headerReceipt : extra.get("aigc_receipt").asStringOrThrow();
        assertThat(aigc.path("ReservedCode1").stringValue()).isEqualTo(Receipts.digest(receipt));
    }

    /** {@code responses().create} with the receipt header checked against the body's {@code aigc}. */
    private static Response create(OpenAIClient sdk, ResponseCreateParams params) {
        try (HttpResponseFor<Response> raw = sdk.responses().withRawResponse().create(params)) {
            Response response = raw.parse();
            assertImplicitLabel(response, raw.headers().values(Receipts.HEADER).get(0));
            return response;
        }
    }

    // ------------------------------------------------------------------ a native Responses upstream

    private static String sse(String data) {
        return "event: " + Json.parseUpstream(data).path("type").stringValue() + "\ndata: " + data + "\n\n";
    }

    private static final String RESPONSE_HEAD = "\"id\":\"resp_67ccd2bed1ec8190\",\"object\":\"response\",\"created_at\":1741476542,"
            + "\"error\":null,\"incomplete_details\":null,\"instructions\":\"回答要简短。\",\"max_output_tokens\":null,\"model\":\"gpt-4.1-2025-04-14\","
            + "\"parallel_tool_calls\":true,\"previous_response_id\":null,\"reasoning\":{\"effort\":null,\"summary\":null},\"store\":true,"
            + "\"temperature\":1.0,\"text\":{\"format\":{\"type\":\"text\"}},\"tool_choice\":\"auto\",\"tools\":[],\"top_p\":1.0,"
            + "\"truncation\":\"disabled\",\"user\":null,\"metadata\":{}";

    private static String nativeStream(String first, String second) {
        String message = "{\"id\":\"msg_67ccd2bf\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"output_text\",\"text\":\"" + first + second + "\",\"annotations\":[]}]}";
        String call = "{\"id\":\"fc_12345xyz\",\"type\":\"function_call\",\"status\":\"completed\",\"arguments\":"
                + Json.MAPPER.writeValueAsString(ARGUMENTS) + ",\"call_id\":\"call_12345xyz\",\"name\":\"get_weather\"}";
        return sse("{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{" + RESPONSE_HEAD + ",\"status\":\"in_progress\",\"output\":[],\"usage\":null}}")
                + sse("{\"type\":\"response.in_progress\",\"sequence_number\":1,\"response\":{" + RESPONSE_HEAD + ",\"status\":\"in_progress\",\"output\":[],\"usage\":null}}")
                + sse("{\"type\":\"response.output_item.added\",\"sequence_number\":2,\"output_index\":0,\"item\":{\"id\":\"msg_67ccd2bf\",\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}")
                + sse("{\"type\":\"response.content_part.added\",\"sequence_number\":3,\"item_id\":\"msg_67ccd2bf\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}}")
                + sse("{\"type\":\"response.output_text.delta\",\"sequence_number\":4,\"item_id\":\"msg_67ccd2bf\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + first + "\",\"logprobs\":[]}")
                + sse("{\"type\":\"response.output_text.delta\",\"sequence_number\":5,\"item_id\":\"msg_67ccd2bf\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + second + "\",\"logprobs\":[]}")
                + sse("{\"type\":\"response.output_text.done\",\"sequence_number\":6,\"item_id\":\"msg_67ccd2bf\",\"output_index\":0,\"content_index\":0,\"text\":\"" + first + second + "\",\"logprobs\":[]}")
                + sse("{\"type\":\"response.content_part.done\",\"sequence_number\":7,\"item_id\":\"msg_67ccd2bf\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"" + first + second + "\",\"annotations\":[]}}")
                + sse("{\"type\":\"response.output_item.done\",\"sequence_number\":8,\"output_index\":0,\"item\":" + message + "}")
                + sse("{\"type\":\"response.output_item.added\",\"sequence_number\":9,\"output_index\":1,\"item\":{\"id\":\"fc_12345xyz\",\"type\":\"function_call\",\"status\":\"in_progress\",\"arguments\":\"\",\"call_id\":\"call_12345xyz\",\"name\":\"get_weather\"}}")
                + sse("{\"type\":\"response.function_call_arguments.delta\",\"sequence_number\":10,\"item_id\":\"fc_12345xyz\",\"output_index\":1,\"delta\":\"{\\\"location\\\":\\\"北\"}")
                + sse("{\"type\":\"response.function_call_arguments.delta\",\"sequence_number\":11,\"item_id\":\"fc_12345xyz\",\"output_index\":1,\"delta\":\"京\\\",\\\"unit\\\":\\\"celsius\\\"}\"}")
                + sse("{\"type\":\"response.function_call_arguments.done\",\"sequence_number\":12,\"item_id\":\"fc_12345xyz\",\"output_index\":1,\"arguments\":" + Json.MAPPER.writeValueAsString(ARGUMENTS) + "}")
                + sse("{\"type\":\"response.output_item.done\",\"sequence_number\":13,\"output_index\":1,\"item\":" + call + "}")
                + sse("{\"type\":\"response.completed\",\"sequence_number\":14,\"response\":{" + RESPONSE_HEAD + ",\"status\":\"completed\",\"output\":["
                + message + "," + call + "],\"usage\":{\"input_tokens\":36,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":87,"
                + "\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":123}}}");
    }

    @Test
    void aNativeStreamIsLabeledWithItsFunctionCallIntactAndTheImplicitLabelInTheCompletedResponse() {
        stub("/v1/responses", "text/event-stream", nativeStream("我来查", "一下天气。"));
        String id = newId();

        Streamed streamed = stream(sdk(ResponsesRoutes.NATIVE, id), weatherQuestion("北京天气如何？"));

        assertThat(streamed.deltas()).isEqualTo(LABEL + "我来查一下天气。");
        assertThat(text(streamed.response())).isEqualTo(LABEL + "我来查一下天气。");
        assertThat(call(streamed.response()).arguments()).isEqualTo(ARGUMENTS);
        assertThat(call(streamed.response()).callId()).isEqualTo("call_12345xyz");
        assertImplicitLabel(streamed.response(), null);
        assertThat(streamed.types()).last().isEqualTo("response.completed");
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/v1/responses")).withHeader("Authorization", equalTo("Bearer sk-upstream-openai")));
        JsonNode sent = upstreamBody();
        assertThat(sent.path("instructions").stringValue()).isEqualTo("回答要简短。");
        assertThat(sent.path("input").stringValue()).isEqualTo("北京天气如何？");
        assertThat(sent.path("stream").booleanValue()).isTrue();

        JsonNode line = auditLine(id);
        assertThat(line.path("protocol").stringValue()).isEqualTo("responses");
        assertThat(line.path("outcome").stringValue()).isEqualTo("served");
        assertThat(line.path("usage").path("prompt_tokens").longValue()).as(line.toString()).isEqualTo(36);
        assertThat(line.path("usage").path("completion_tokens").longValue()).isEqualTo(87);
    }

    @Test
    void aNativeAnswerIsLabeledAndCarriesAigc() {
        String message = "{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"output_text\",\"text\":\"北京今天晴。\",\"annotations\":[]}]}";
        stub("/v1/responses", "application/json", "{" + RESPONSE_HEAD + ",\"status\":\"completed\",\"output\":[" + message
                + "],\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"total_tokens\":15}}");

        Response response = create(sdk(ResponsesRoutes.NATIVE, newId()), weatherQuestion("北京天气如何？"));

        assertThat(text(response)).isEqualTo(LABEL + "北京今天晴。");
        assertThat(response.id()).isEqualTo("resp_67ccd2bed1ec8190");
    }

    @Test
    void aBlockedTermMidStreamNeverReachesTheClient() {
        stub("/v1/responses", "text/event-stream", nativeStream("前文forbid", "denword后文"));
        HttpResponse<String> raw = send(ResponsesRoutes.NATIVE + "/responses",
                "{\"model\":\"gpt-4.1\",\"input\":\"hi\",\"stream\":true}", "Authorization", "Bearer " + KEY);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).doesNotContain("forbid").doesNotContain("后文").doesNotContain("北京").doesNotContain("response.completed");
        assertThat(raw.body()).contains("event: response.incomplete");

        Streamed streamed = stream(sdk(ResponsesRoutes.NATIVE, newId()), weatherQuestion("hi"));
        assertThat(streamed.deltas()).isEqualTo(LABEL + "前文");
        assertThat(streamed.types()).last().isEqualTo("response.incomplete");
        assertThat(streamed.response().status().map(Object::toString)).hasValue("incomplete");
        assertThat(streamed.response().incompleteDetails().flatMap(d -> d.reason()).map(Object::toString)).hasValue("content_filter");
        assertThat(text(streamed.response())).isEqualTo(LABEL + "前文");
    }

    @Test
    void aBlockedPromptIsRefusedInOpenAisShapeAndNeverSent() {
        OpenAIClient sdk = sdk(ResponsesRoutes.NATIVE, newId());
        assertThatThrownBy(() -> sdk.responses().create(weatherQuestion("tell me about forbiddenword")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).hasValue("content_policy_violation"));
        for (String input : List.of(
                "[{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"a forbiddenword\"}]",
                "[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"forbidden\"},{\"type\":\"input_text\",\"text\":\"word\"}]}]",
                "[{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":\"{\\\"q\\\":\\\"forbiddenword\\\"}\"}]")) {
            HttpResponse<String> blocked = send(ResponsesRoutes.NATIVE + "/responses", "{\"model\":\"gpt-4.1\",\"input\":" + input + "}",
                    "Authorization", "Bearer " + KEY);
            assertThat(blocked.statusCode()).as(input).isEqualTo(400);
            assertThat(Json.parseUpstream(blocked.body()).path("error").path("code").stringValue()).isEqualTo("content_policy_violation");
        }
        HttpResponse<String> unknown = send("/v1/responses", "{\"model\":\"gpt-4.1\",\"input\":[{\"type\":\"brand_new_item\",\"text\":\"x\"}]}",
                "Authorization", "Bearer " + KEY);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Json.parseUpstream(unknown.body()).path("error").path("code").stringValue()).isEqualTo("unsupported_content");
        assertThat(Json.parseUpstream(send("/v1/responses", "{\"model\":\"gpt-4.1\",\"input\":\"x\"}").body())
                .path("error").path("code").stringValue()).isEqualTo("invalid_api_key");
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));
    }

    // ------------------------------------------------------------------ a Chat Completions upstream (the configured route)

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-B9\",\"object\":\"chat.completion.chunk\",\"created\":1763983201,\"model\":\"deepseek-chat\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}],\"usage\":null}\n\n";
    }

    private static String chatToolStream(String first, String second) {
        return chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)
                + chunk("{\"content\":\"" + first + "\"}", null)
                + chunk("{\"content\":\"" + second + "\"}", null)
                + chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_abc\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null)
                + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"location\\\":\\\"北\"}}]}", null)
                + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"京\\\",\\\"unit\\\":\\\"celsius\\\"}\"}}]}", null)
                + chunk("{}", "tool_calls")
                + "data: {\"id\":\"chatcmpl-B9\",\"object\":\"chat.completion.chunk\",\"created\":1763983201,\"model\":\"deepseek-chat\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":17,\"total_tokens\":38}}\n\n"
                + "data: [DONE]\n\n";
    }

    @Test
    void theConfiguredRouteTranslatesAStreamToChatCompletionsAndBack() {
        stub("/v1/chat/completions", "text/event-stream", chatToolStream("我来查", "一下天气。"));
        String id = newId();

        Streamed streamed = stream(sdk("/v1", id), weatherQuestion("北京天气如何？"));

        assertThat(streamed.deltas()).isEqualTo(LABEL + "我来查一下天气。");
        assertThat(text(streamed.response())).isEqualTo(LABEL + "我来查一下天气。");
        assertThat(call(streamed.response()).arguments()).isEqualTo(ARGUMENTS);
        assertThat(call(streamed.response()).name()).isEqualTo("get_weather");
        assertThat(call(streamed.response()).callId()).isEqualTo("call_abc");
        assertImplicitLabel(streamed.response(), null);
        JsonNode sent = upstreamBody();
        assertThat(sent.path("messages").toString()).isEqualTo(
                "[{\"role\":\"system\",\"content\":\"回答要简短。\"},{\"role\":\"user\",\"content\":\"北京天气如何？\"}]");
        assertThat(sent.path("tools").path(0).path("function").path("name").stringValue()).isEqualTo("get_weather");
        assertThat(sent.path("stream_options").path("include_usage").booleanValue()).isTrue();
        JsonNode line = auditLine(id);
        assertThat(line.path("protocol").stringValue()).isEqualTo("responses");
        assertThat(line.path("usage").path("prompt_tokens").longValue()).as(line.toString()).isEqualTo(21);
        assertThat(line.path("label").isObject() || line.path("generated").asBoolean(false)).as(line.toString()).isTrue();
    }

    @Test
    void theConfiguredRouteTranslatesAnAnswerWithAFunctionCall() {
        stub("/v1/chat/completions", "application/json", """
                {"id":"chatcmpl-J1","object":"chat.completion","created":1763983201,"model":"deepseek-chat",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"我来查一下天气。",
                   "tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":%s}}]},
                   "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":21,"completion_tokens":17,"total_tokens":38}}""".formatted(Json.MAPPER.writeValueAsString(ARGUMENTS)));

        Response response = create(sdk("/v1", newId()), weatherQuestion("北京天气如何？"));

        assertThat(text(response)).isEqualTo(LABEL + "我来查一下天气。");
        assertThat(call(response).arguments()).isEqualTo(ARGUMENTS);
        assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(21);
        assertThat(response.model().asString()).isEqualTo("deepseek-chat");
    }

    @Test
    void aTranslatedStreamBlockedMidwayEndsIncompleteWithoutTheTerm() {
        stub("/v1/chat/completions", "text/event-stream", chatToolStream("前文forbid", "denword后文"));
        HttpResponse<String> raw = send("/v1/responses", "{\"model\":\"deepseek-chat\",\"input\":\"hi\",\"stream\":true}",
                "Authorization", "Bearer " + KEY);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).doesNotContain("forbid").doesNotContain("后文").doesNotContain("北").contains("event: response.incomplete")
                .contains("\"content_filter\"");
    }

    @Test
    void upstreamErrorsReachTheSdkInOpenAisShape() {
        UPSTREAM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Model Not Exist\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_request_error\"}}")));
        assertThatThrownBy(() -> sdk("/v1", newId()).responses().create(weatherQuestion("hi")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("Model Not Exist"));
        HttpResponse<String> stateful = send("/v1/responses", "{\"model\":\"deepseek-chat\",\"input\":\"hi\",\"previous_response_id\":\"resp_1\"}",
                "Authorization", "Bearer " + KEY);
        assertThat(stateful.statusCode()).isEqualTo(400);
        assertThat(Json.parseUpstream(stateful.body()).path("error").path("code").stringValue()).isEqualTo("unsupported_across_protocols");
    }

    // ------------------------------------------------------------------ an Anthropic upstream

    @Test
    void anAnthropicUpstreamAnswersThroughChatCompletions() {
        stub("/v1/messages", "application/json", """
                {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"我来查一下天气。"},
                   {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"location":"北京","unit":"celsius"}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":30,"output_tokens":20}}""");

        Response response = create(sdk(ResponsesRoutes.TO_ANTHROPIC, newId()), ResponseCreateParams.builder()
                .model("claude-sonnet-4-5").instructions("回答要简短。").input("北京天气如何？").build());

        assertThat(text(response)).isEqualTo(LABEL + "我来查一下天气。");
        assertThat(Json.parseUpstream(call(response).arguments())).isEqualTo(Json.parseUpstream(ARGUMENTS));
        assertThat(call(response).callId()).isEqualTo("toolu_01");
        JsonNode sent = upstreamBody();
        assertThat(sent.path("system").toString()).contains("回答要简短。");
        assertThat(sent.path("messages").path(0).path("role").stringValue()).isEqualTo("user");
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/v1/messages")).withHeader("x-api-key", equalTo("sk-upstream-anthropic")));
    }
}
