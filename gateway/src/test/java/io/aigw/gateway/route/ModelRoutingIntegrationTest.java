package io.aigw.gateway.route;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two OpenAI-compatible providers (DeepSeek and Qwen on DashScope's compatible mode, each its own
 * WireMock server and key) and an Anthropic upstream behind the gateway's one base URL, chosen by the
 * request's model with {@code - Model=...} route predicates; clients are the official OpenAI SDK and
 * plain HTTP. The routes here replace the configured ones.
 */
@TestPropertySource(properties = {
    "DEEPSEEK_API_KEY=sk-deepseek",
    "DASHSCOPE_API_KEY=sk-dashscope",
    "spring.cloud.gateway.server.webflux.routes[0].id=deepseek",
    "spring.cloud.gateway.server.webflux.routes[0].uri=${test.deepseek.base-url}",
    "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/chat/completions",
    "spring.cloud.gateway.server.webflux.routes[0].predicates[1]=Method=POST",
    "spring.cloud.gateway.server.webflux.routes[0].predicates[2]=Model=deepseek-*",
    "spring.cloud.gateway.server.webflux.routes[0].filters[0]=ChatProtocol=openai,DEEPSEEK_API_KEY",
    "spring.cloud.gateway.server.webflux.routes[0].filters[1]=LicenseCheck",
    "spring.cloud.gateway.server.webflux.routes[0].filters[2]=ContentFilter",
    "spring.cloud.gateway.server.webflux.routes[0].filters[3]=AiLabel",
    "spring.cloud.gateway.server.webflux.routes[1].id=qwen",
    "spring.cloud.gateway.server.webflux.routes[1].uri=${test.qwen.base-url}",
    "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/v1/chat/completions",
    "spring.cloud.gateway.server.webflux.routes[1].predicates[1]=Method=POST",
    "spring.cloud.gateway.server.webflux.routes[1].predicates[2]=Model=qwen-*,qwq-*",
    "spring.cloud.gateway.server.webflux.routes[1].filters[0]=ChatProtocol=openai,DASHSCOPE_API_KEY",
    "spring.cloud.gateway.server.webflux.routes[1].filters[1]=LicenseCheck",
    "spring.cloud.gateway.server.webflux.routes[1].filters[2]=ContentFilter",
    "spring.cloud.gateway.server.webflux.routes[1].filters[3]=AiLabel",
    "spring.cloud.gateway.server.webflux.routes[1].metadata.models[0]=qwen-plus",
    "spring.cloud.gateway.server.webflux.routes[1].metadata.models[1]=qwen-max",
    "spring.cloud.gateway.server.webflux.routes[2].id=anthropic",
    "spring.cloud.gateway.server.webflux.routes[2].uri=${aigw.upstreams.anthropic.base-url}",
    "spring.cloud.gateway.server.webflux.routes[2].predicates[0]=Path=/v1/messages",
    "spring.cloud.gateway.server.webflux.routes[2].predicates[1]=Method=POST",
    "spring.cloud.gateway.server.webflux.routes[2].predicates[2]=Model=claude-*",
    "spring.cloud.gateway.server.webflux.routes[2].filters[0]=ChatProtocol=anthropic,ANTHROPIC_API_KEY",
    "spring.cloud.gateway.server.webflux.routes[2].filters[1]=LicenseCheck",
    "spring.cloud.gateway.server.webflux.routes[2].filters[2]=AiLabel",
})
class ModelRoutingIntegrationTest extends GatewayIntegrationTest {

    static final WireMockServer QWEN = new WireMockServer(options().dynamicPort());

    static {
        QWEN.start();
    }

    static final String COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1763983201,"model":"%s",
             "choices":[{"index":0,"message":{"role":"assistant","content":"你好"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}""";

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("test.deepseek.base-url", UPSTREAM::baseUrl); // DeepSeek's base URL has no /v1 either
        registry.add("test.qwen.base-url", () -> QWEN.baseUrl() + "/compatible-mode/v1");
    }

    @AfterAll
    static void stopQwen() {
        QWEN.stop();
    }

    @BeforeEach
    void resetQwen() {
        QWEN.resetAll();
    }

    private OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gatewayUrl("/v1")).apiKey(key).maxRetries(0).build();
    }

    private static ChatCompletionCreateParams params(String model, String prompt) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt).build();
    }

    private static String chatBody(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private void assertNoUpstreamCalled() {
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));
        QWEN.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void eachModelGoesToItsProviderWithThatProvidersKey() {
        UPSTREAM.stubFor(post("/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(COMPLETION.formatted("deepseek-chat"))));
        QWEN.stubFor(post("/compatible-mode/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(COMPLETION.formatted("qwen-plus"))));

        ChatCompletion deepseek = sdk(KEY).chat().completions().create(params("deepseek-chat", "你好"));
        ChatCompletion qwen = sdk(KEY).chat().completions().create(params("qwen-plus", "你好"));

        assertThat(deepseek.model()).isEqualTo("deepseek-chat");
        assertThat(qwen.model()).isEqualTo("qwen-plus");
        assertThat(deepseek.choices().get(0).message().content()).contains(OpenAiProxyIntegrationTest.LABEL + "你好");
        assertThat(qwen.choices().get(0).message().content()).contains(OpenAiProxyIntegrationTest.LABEL + "你好");
        UPSTREAM.verify(1, postRequestedFor(urlEqualTo("/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-deepseek"))
                .withRequestBody(equalToJson("{\"model\":\"deepseek-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"你好\"}]}")));
        QWEN.verify(1, postRequestedFor(urlEqualTo("/compatible-mode/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-dashscope"))
                .withRequestBody(equalToJson("{\"model\":\"qwen-plus\",\"messages\":[{\"role\":\"user\",\"content\":\"你好\"}]}")));
    }

    @Test
    void aStreamedAnswerComesFromTheSecondRouteOnThePath() {
        QWEN.stubFor(post("/compatible-mode/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(transcript("openai-stream.sse"))
                .withChunkedDribbleDelay(20, 100)));

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = sdk(KEY).chat().completions().createStreaming(params("qwq-32b", "hi"))) {
            stream.stream().forEach(accumulator::accumulate);
        }

        assertThat(accumulator.chatCompletion().choices().get(0).message().content().orElseThrow())
                .startsWith(OpenAiProxyIntegrationTest.LABEL + "你好！");
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aModelNoRouteServesIs404ModelNotFoundInTheCallersProtocol() {
        assertThatThrownBy(() -> sdk(KEY).chat().completions().create(params("gpt-4o", "hi")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.code()).hasValue("model_not_found");
                    assertThat(e.type()).hasValue("invalid_request_error");
                });

        HttpResponse<String> anthropic = send("/v1/messages",
                "{\"model\":\"gpt-4o\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", KEY, "anthropic-version", "2023-06-01");
        assertThat(anthropic.statusCode()).isEqualTo(404);
        JsonNode body = Json.parseUpstream(anthropic.body());
        assertThat(body.path("type").stringValue()).isEqualTo("error");
        assertThat(body.path("error").path("type").stringValue()).isEqualTo("not_found_error");
        assertThat(body.path("error").path("message").stringValue()).contains("gpt-4o");
        assertNoUpstreamCalled();
    }

    @Test
    void refusalsComeFromTheRouteWithoutJudgingTheModel() {
        // Unauthenticated: 401, not a hint about which models exist.
        HttpResponse<String> noKey = send("/v1/chat/completions", chatBody("gpt-4o"));
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(Json.parseUpstream(noKey.body()).path("error").path("code").stringValue()).isEqualTo("invalid_api_key");

        // Malformed JSON: 400 in OpenAI's shape.
        HttpResponse<String> malformed = send("/v1/chat/completions", "{\"model\":\"deepseek-chat\",\"messages\":[",
                "Authorization", "Bearer " + KEY);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(Json.parseUpstream(malformed.body()).path("error").path("type").stringValue()).isEqualTo("invalid_request_error");

        // No model at all: the codec's 400, not a 404.
        HttpResponse<String> noModel = send("/v1/chat/completions", "{\"messages\":[]}", "Authorization", "Bearer " + KEY);
        assertThat(noModel.statusCode()).isEqualTo(400);

        // Over aigw.limits.max-request-bytes (64KB here), without a Content-Length to refuse it on: 413.
        String big = "{\"model\":\"deepseek-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70_000) + "\"}]}";
        HttpResponse<String> tooLarge = send("/v1/chat/completions",
                java.net.http.HttpRequest.BodyPublishers.fromPublisher(
                        java.net.http.HttpRequest.BodyPublishers.ofString(big)),
                "Authorization", "Bearer " + KEY);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(Json.parseUpstream(tooLarge.body()).path("error").path("code").stringValue()).isEqualTo("request_too_large");
        assertNoUpstreamCalled();
    }

    @Test
    void thePromptPolicyRunsOnTheRoutedExchange() {
        HttpResponse<String> blocked = send("/v1/chat/completions",
                "{\"model\":\"qwen-plus\",\"messages\":[{\"role\":\"user\",\"content\":\"a forbiddenword here\"}]}",
                "Authorization", "Bearer " + KEY);

        assertThat(blocked.statusCode()).isEqualTo(400);
        assertThat(Json.parseUpstream(blocked.body()).path("error").path("code").stringValue()).isEqualTo("content_policy_violation");
        assertNoUpstreamCalled();
    }

    @Test
    void modelsListsWhatTheRoutesServeAndTheLicenseCovers() {
        // aigw.license.models minus the gpt-* no route takes, plus the qwen route's own list.
        List<String> all = sdk(KEY).models().list().data().stream().map(Model::id).toList();
        assertThat(all).containsExactly("claude-sonnet-4-5", "claude-haiku-4-5", "deepseek-chat", "qwen-plus", "qwen-max");
        // other-key's license covers gpt-* only.
        assertThat(sdk("other-key").models().list().data()).isEmpty();

        assertThat(sdk(KEY).models().retrieve("qwen-max").id()).isEqualTo("qwen-max");
        assertThatThrownBy(() -> sdk(KEY).models().retrieve("gpt-4o"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).hasValue("model_not_found"));
        assertThatThrownBy(() -> sdk("other-key").models().retrieve("qwen-max")).isInstanceOf(NotFoundException.class);
        assertNoUpstreamCalled();
    }
}
