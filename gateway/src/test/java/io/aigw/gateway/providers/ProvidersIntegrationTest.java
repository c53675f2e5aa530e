package io.aigw.gateway.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.audit.AuditLines;
import io.aigw.gateway.audit.AuditProperties;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The example routes of {@code config/application-providers.yml} (profile {@code providers}), started as
 * shipped with every base URL pointed at one WireMock server, each provider under its own path prefix.
 * Each provider's answers ({@link ProviderAnswers}, with the source of each format) are replayed
 * through the gateway, streamed and not: the request goes to that provider's path with that provider's
 * key, the answer text and the reasoning are scanned (the test lexicon's {@code secretcode} is masked
 * in both), the explicit label is added, and the usage the provider reported is on the audit line.
 */
@ActiveProfiles("providers")
@TestPropertySource(properties = {
    "DEEPSEEK_API_KEY=sk-deepseek", "DASHSCOPE_API_KEY=sk-dashscope", "ZHIPUAI_API_KEY=zhipu.key",
    "MOONSHOT_API_KEY=sk-moonshot", "ARK_API_KEY=ark-key", "QIANFAN_API_KEY=bce-v3/ALTAK-key", "VLLM_API_KEY=vllm-key",
    // Nothing here tests timeouts: the first upstream call of a context (cold connection pool, JIT) took over
    // the shared 5 s on a loaded machine (load average above 20 on 2 cores).
    "spring.cloud.gateway.server.webflux.httpclient.response-timeout=30s",
    "aigw.upstream.idle-timeout=30s",
})
class ProvidersIntegrationTest extends GatewayIntegrationTest {

    static final String LABEL = LabelConfig.DEFAULT_ZH_CN + "\n\n";
    static final String ANSWER = "Hello, ********** here.";
    static final String REASONING = "They greet; say **********.";

    @Autowired
    AuditWriter auditWriter;
    @Autowired
    AuditProperties auditProperties;
    @Autowired
    RouteLocator routes;

    /**
     * One provider as the tests call it.
     *
     * @param path the upstream chat path the gateway must call (prefix + the provider's base path)
     * @param authorization the upstream credential expected, or null for none
     * @param reasons whether its answers carry reasoning
     */
    record Provider(String name, String model, String path, String authorization, String json, String sse, boolean reasons) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Provider> providers() {
        return Stream.of(
                new Provider("qwen", "qwen-plus", "/dashscope/compatible-mode/v1/chat/completions", "Bearer sk-dashscope",
                        ProviderAnswers.QWEN_JSON, ProviderAnswers.QWEN_SSE, true),
                new Provider("zhipu", "glm-4.6", "/zhipu/api/paas/v4/chat/completions", "Bearer zhipu.key",
                        ProviderAnswers.ZHIPU_JSON, ProviderAnswers.ZHIPU_SSE, true),
                new Provider("moonshot", "moonshot-v1-8k", "/moonshot/v1/chat/completions", "Bearer sk-moonshot",
                        ProviderAnswers.MOONSHOT_JSON, ProviderAnswers.MOONSHOT_SSE, false),
                new Provider("doubao", "doubao-seed-1-6-250615", "/ark/api/v3/chat/completions", "Bearer ark-key",
                        ProviderAnswers.DOUBAO_JSON, ProviderAnswers.DOUBAO_SSE, true),
                new Provider("ernie", "ernie-4.5-turbo-128k", "/qianfan/v2/chat/completions", "Bearer bce-v3/ALTAK-key",
                        ProviderAnswers.ERNIE_JSON, ProviderAnswers.ERNIE_SSE, false),
                new Provider("vllm", "Qwen/Qwen3-8B", "/vllm/v1/chat/completions", "Bearer vllm-key",
                        ProviderAnswers.VLLM_JSON, ProviderAnswers.VLLM_SSE, true),
                new Provider("ollama", "qwen3:8b", "/ollama/v1/chat/completions", null,
                        ProviderAnswers.OLLAMA_JSON, ProviderAnswers.OLLAMA_SSE, true),
                new Provider("deepseek", "deepseek-reasoner", "/deepseek/chat/completions", "Bearer sk-deepseek",
                        ProviderAnswers.DEEPSEEK_JSON, ProviderAnswers.DEEPSEEK_SSE, true));
    }

    @DynamicPropertySource
    static void providerUrls(DynamicPropertyRegistry registry) {
        registry.add("aigw.upstreams.deepseek.base-url", () -> UPSTREAM.baseUrl() + "/deepseek");
        registry.add("aigw.upstreams.dashscope.base-url", () -> UPSTREAM.baseUrl() + "/dashscope/compatible-mode/v1");
        registry.add("aigw.upstreams.zhipu.base-url", () -> UPSTREAM.baseUrl() + "/zhipu/api/paas/v4");
        registry.add("aigw.upstreams.moonshot.base-url", () -> UPSTREAM.baseUrl() + "/moonshot/v1");
        registry.add("aigw.upstreams.ark.base-url", () -> UPSTREAM.baseUrl() + "/ark/api/v3");
        registry.add("aigw.upstreams.qianfan.base-url", () -> UPSTREAM.baseUrl() + "/qianfan/v2");
        registry.add("aigw.upstreams.vllm.base-url", () -> UPSTREAM.baseUrl() + "/vllm/v1");
        registry.add("aigw.upstreams.ollama.base-url", () -> UPSTREAM.baseUrl() + "/ollama/v1");
    }

    private static String request(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]"
                + (stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "") + "}";
    }

    private static MappingBuilder answer(Provider provider, boolean stream) {
        return post(provider.path()).willReturn(aResponse()
                .withHeader("Content-Type", stream ? "text/event-stream" : "application/json")
                .withBody(stream ? provider.sse() : provider.json()));
    }

    private void assertCalledWithItsKey(Provider provider) {
        RequestPatternBuilder call = postRequestedFor(urlEqualTo(provider.path()));
        UPSTREAM.verify(1, provider.authorization() == null ? call.withHeader("Authorization", absent())
                : call.withHeader("Authorization", equalTo(provider.authorization())));
    }

    private void assertAudited(String id, Provider provider) {
        JsonNode line = new AuditLines(auditWriter, auditProperties).theLineOf(id);
        assertThat(line.path("outcome").stringValue()).as(line.toString()).isEqualTo("served");
        assertThat(line.path("model").stringValue()).isEqualTo(provider.model());
        assertThat(line.path("completion").path("outcome").stringValue()).isEqualTo("mask");
        assertThat(line.path("generated").booleanValue()).isTrue();
        assertThat(line.path("usage").path("prompt_tokens").longValue()).as(line.toString()).isEqualTo(16);
        assertThat(line.path("usage").path("completion_tokens").longValue()).isEqualTo(10);
        assertThat(line.path("upstream").path("name").stringValue()).isEqualTo(provider.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void aWholeAnswerIsScannedLabeledAndAudited(Provider provider) {
        UPSTREAM.stubFor(answer(provider, false));
        String id = "json-" + UUID.randomUUID();

        HttpResponse<String> response = send("/v1/chat/completions", request(provider.model(), false),
                "Authorization", "Bearer " + KEY, "X-Request-Id", id);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("secretcode");
        JsonNode message = Json.parseUpstream(response.body()).path("choices").get(0).path("message");
        assertThat(message.path("content").stringValue()).isEqualTo(LABEL + ANSWER);
        if (provider.reasons()) {
            assertThat(message.path("reasoning_content").stringValue()).isEqualTo(REASONING);
        }
        assertCalledWithItsKey(provider);
        assertAudited(id, provider);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void aStreamIsScannedLabeledAndAudited(Provider provider) {
        UPSTREAM.stubFor(answer(provider, true));
        String id = "sse-" + UUID.randomUUID();

        HttpResponse<String> response = send("/v1/chat/completions", request(provider.model(), true),
                "Authorization", "Bearer " + KEY, "X-Request-Id", id);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("secretcode").contains("data: [DONE]");
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        for (JsonNode chunk : chunks(response.body())) {
            JsonNode delta = chunk.path("choices").path(0).path("delta");
            content.append(delta.path("content").asString(""));
            reasoning.append(delta.path("reasoning_content").asString("")).append(delta.path("reasoning").asString(""));
        }
        assertThat(content.toString()).isEqualTo(LABEL + ANSWER);
        assertThat(reasoning.toString()).isEqualTo(provider.reasons() ? REASONING : "");
        assertCalledWithItsKey(provider);
        assertAudited(id, provider);
    }

    private static List<JsonNode> chunks(String sse) {
        List<JsonNode> chunks = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                chunks.add(Json.parseUpstream(line.substring("data: ".length())));
            }
        }
        return chunks;
    }

    @Test
    void providerErrorBodiesArePassedOnWithTheirStatusAndAudited() {
        UPSTREAM.stubFor(post("/zhipu/api/paas/v4/chat/completions").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(ProviderAnswers.ZHIPU_ERROR)));
        UPSTREAM.stubFor(post("/ark/api/v3/chat/completions").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(ProviderAnswers.DOUBAO_ERROR)));
        String zhipuId = "err-" + UUID.randomUUID();
        String arkId = "err-" + UUID.randomUUID();

        HttpResponse<String> zhipu = send("/v1/chat/completions", request("glm-nope", false),
                "Authorization", "Bearer " + KEY, "X-Request-Id", zhipuId);
        HttpResponse<String> ark = send("/v1/chat/completions", request("doubao-nope", false),
                "Authorization", "Bearer " + KEY, "X-Request-Id", arkId);

        assertThat(zhipu.statusCode()).isEqualTo(400);
        assertThat(zhipu.body()).isEqualTo(ProviderAnswers.ZHIPU_ERROR);
        assertThat(ark.statusCode()).isEqualTo(404);
        assertThat(ark.body()).isEqualTo(ProviderAnswers.DOUBAO_ERROR);
        AuditLines audit = new AuditLines(auditWriter, auditProperties);
        for (String id : List.of(zhipuId, arkId)) {
            JsonNode line = audit.theLineOf(id);
            assertThat(line.path("outcome").stringValue()).isEqualTo("error");
            assertThat(line.path("generated").booleanValue()).isFalse();
        }
    }

    @Test
    void everyExampleRouteStartsAndModelsListsWhatTheyServe() {
        List<String> ids = routes.getRoutes().map(Route::getId).collectList().block();
        assertThat(ids).contains("ollama", "deepseek", "qwen", "zhipu", "moonshot", "doubao", "ernie", "vllm", "openai-chat",
                "anthropic-messages", "anthropic-count-tokens", "qwen-embeddings", "zhipu-embeddings", "openai-embeddings");
        HttpResponse<String> models = fetch("/v1/models", "Authorization", "Bearer " + KEY);
        List<String> listed = new ArrayList<>();
        Json.parseUpstream(models.body()).path("data").forEach(model -> listed.add(model.path("id").stringValue()));
        assertThat(listed).contains("deepseek-chat", "deepseek-reasoner", "qwen-plus", "glm-4.6", "kimi-k2-0905-preview",
                "doubao-seed-1-6-250615", "ernie-4.5-turbo-128k", "llama3.2:3b", "gpt-4o", "claude-sonnet-4-5");
    }

    @Test
    void aModelNoExampleRouteTakesIs404() {
        HttpResponse<String> response = send("/v1/chat/completions", request("mistery-model", false), "Authorization", "Bearer " + KEY);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Json.parseUpstream(response.body()).path("error").path("code").stringValue()).isEqualTo("model_not_found");
    }
}
