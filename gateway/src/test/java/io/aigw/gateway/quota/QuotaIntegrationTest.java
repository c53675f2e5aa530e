package io.aigw.gateway.quota;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.quota.ProductQuota;
import io.aigw.filters.quota.QuotaAdmission;
import io.aigw.filters.quota.QuotaBucket;
import io.aigw.filters.quota.QuotaLimits;
import io.aigw.filters.quota.QuotaScope;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.audit.AuditLines;
import io.aigw.gateway.audit.AuditProperties;
import io.aigw.gateway.exchange.RequestIdWebFilter;
import io.aigw.gateway.metrics.TokenUsageGlobalFilter;
import io.aigw.filters.audit.AuditWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Quotas kept in process (no Redis configured), on the configured routes, with the official SDKs as
 * clients: requests per minute per product and per model, tokens charged from the usage the upstream
 * reported (streams included), concurrent streams, the 429 and rate-limit headers of each protocol, the
 * audit line and meters of a refusal, a quota changed in {@code products.yaml} without a restart, and
 * {@code aigw_tokens_total}. Each test uses its own product, so their buckets never meet.
 */
@TestPropertySource(properties = "aigw.products.reload-interval=50ms")
class QuotaIntegrationTest extends GatewayIntegrationTest {

    static final String OPENAI_BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String OPENAI_STREAM_BODY =
            "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String ANTHROPIC_STREAM_BODY =
            "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String OPENAI_JSON = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18}}";
    static final String ANTHROPIC_JSON = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}";

    static final String RELOAD_BEFORE = QuotaProducts.product("reload-app", "{ requests-per-minute: 1 }");
    static final String RELOAD_AFTER = QuotaProducts.product("reload-app", "{ requests-per-minute: 6000 }");
    static final String[] PRODUCTS = {
        QuotaProducts.product("rpm-app", "{ requests-per-minute: 3 }"),
        QuotaProducts.product("anthropic-app", "{ requests-per-minute: 2 }"),
        QuotaProducts.product("tokens-app", "{ tokens-per-minute: 50 }"),
        QuotaProducts.product("unasked-app", "{ tokens-per-minute: 50 }"),
        QuotaProducts.product("streams-app", "{ concurrent-streams: 1 }"),
        QuotaProducts.product("model-app", "{ models: { \"gpt-4o-mini\": { requests-per-minute: 1 } } }"),
        QuotaProducts.product("meter-app", null),
        QuotaProducts.product("asking-app", null),
        RELOAD_BEFORE,
    };
    static final Path PRODUCTS_FILE = QuotaProducts.file(PRODUCTS);

    @DynamicPropertySource
    static void productsFile(DynamicPropertyRegistry registry) {
        registry.add("aigw.products.file", PRODUCTS_FILE::toString);
    }

    @Autowired
    MeterRegistry meters;

    @Autowired
    QuotaStore store;

    @Autowired
    AuditWriter auditWriter;

    @Autowired
    AuditProperties auditProperties;

    @Test
    void anOpenAiCallerGetsA429WithRetryAfterAndRateLimitHeadersOnceItsRequestsAreUsed() {
        stubOpenAiJson();
        for (int remaining = 2; remaining >= 0; remaining--) {
            HttpResponse<String> ok = openAi("rpm-app", OPENAI_BODY);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(header(ok, "x-ratelimit-limit-requests")).isEqualTo("3");
            // The gateway's own figures replace the upstream's (those describe the gateway's upstream account).
            assertThat(ok.headers().allValues("x-ratelimit-remaining-requests")).containsExactly(Integer.toString(remaining));
            assertThat(header(ok, "x-ratelimit-reset-requests")).matches("\\d+(\\.\\d+)?s|\\d+ms");
            assertThat(ok.headers().firstValue("x-ratelimit-limit-tokens")).isEmpty();
        }

        HttpResponse<String> refused = openAi("rpm-app", OPENAI_BODY);
        assertThat(refused.statusCode()).isEqualTo(429);
        JsonNode error = Json.parseUpstream(refused.body()).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("rate_limit_error");
        assertThat(error.path("code").stringValue()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("message").stringValue()).contains("rpm-app", "requests-per-minute");
        assertThat(Long.parseLong(header(refused, "Retry-After"))).isBetween(1L, 20L); // 3/min: one request per 20 s
        assertThat(header(refused, "x-ratelimit-remaining-requests")).isEqualTo("0");
        UPSTREAM.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));

        // The official SDK sees its own RateLimitException with the headers it reads.
        OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(gatewayUrl("/v1")).apiKey("rpm-app-key").maxRetries(0).build();
        assertThatThrownBy(() -> sdk.chat().completions().create(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).hasSize(1);
                    assertThat(e.headers().values("x-ratelimit-limit-requests")).containsExactly("3");
                });

        // Its audit line and meter.
        JsonNode line = new AuditLines(auditWriter, auditProperties).theLineOf(header(refused, RequestIdWebFilter.HEADER));
        assertThat(line.path("outcome").stringValue()).isEqualTo("rate_limited");
        assertThat(line.path("product").stringValue()).isEqualTo("rpm-app");
        assertThat(line.path("error").path("status").intValue()).isEqualTo(429);
        assertThat(line.path("error").path("code").stringValue()).isEqualTo("rate_limit_exceeded");
        assertThat(line.path("upstream").isNull() || line.path("upstream").isMissingNode()).as(line.toString()).isTrue();
        assertThat(counter(QuotaMetrics.DECISIONS, "product", "rpm-app", "outcome", "denied", "limit", "requests-per-minute"))
                .isEqualTo(2);
        assertThat(counter(QuotaMetrics.DECISIONS, "product", "rpm-app", "outcome", "admitted", "limit", "none")).isEqualTo(3);
    }

    @Test
    void anAnthropicCallerGetsItsOwnErrorAndHeaders() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withHeader("anthropic-ratelimit-requests-remaining", "4999").withBody(ANTHROPIC_JSON)));
        AnthropicClient sdk = AnthropicOkHttpClient.builder().baseUrl(gatewayUrl("")).apiKey("anthropic-app-key").maxRetries(0).build();
        MessageCreateParams params = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64).addUserMessage("hi").build();
        for (int remaining = 1; remaining >= 0; remaining--) {
            try (var ok = sdk.messages().withRawResponse().create(params)) {
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.headers().values("anthropic-ratelimit-requests-limit")).containsExactly("2");
                assertThat(ok.headers().values("anthropic-ratelimit-requests-remaining")).containsExactly(Integer.toString(remaining));
                assertThat(ok.headers().values("anthropic-ratelimit-requests-reset").get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
                assertThat(ok.headers().values("x-ratelimit-limit-requests")).isEmpty();
            }
        }
        assertThatThrownBy(() -> sdk.messages().create(params))
                .isInstanceOfSatisfying(com.anthropic.errors.RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.errorType()).contains(ErrorType.RATE_LIMIT_ERROR);
                    assertThat(e.headers().values("retry-after")).hasSize(1);
                    assertThat(e.headers().values("anthropic-ratelimit-requests-remaining")).containsExactly("0");
                });
        HttpResponse<String> raw = send("/v1/messages", ANTHROPIC_STREAM_BODY, "x-api-key", "anthropic-app-key");
        assertThat(raw.statusCode()).isEqualTo(429);
        JsonNode body = Json.parseUpstream(raw.body());
        assertThat(body.path("type").stringValue()).isEqualTo("error");
        assertThat(body.path("error").path("type").stringValue()).isEqualTo("rate_limit_error");
    }

    @Test
    void tokensAreChargedFromTheReportedUsageOfStreamsAndTheDebtRefusesUntilRepaid() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(transcript("anthropic-stream.sse"))));
        List<QuotaBucket> buckets = ProductQuota.buckets(List.of(
                new QuotaScope("{tokens-app}", new QuotaLimits(null, 50L, null, null))));

        // The transcript reports 25 input and 15 output tokens: 50 - 40 leaves 10, still positive.
        HttpResponse<String> first = send("/v1/messages", ANTHROPIC_STREAM_BODY, "x-api-key", "tokens-app-key");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("message_stop");
        assertThat(header(first, "anthropic-ratelimit-tokens-limit")).isEqualTo("50");
        assertThat(header(first, "anthropic-ratelimit-tokens-remaining")).isEqualTo("50");
        await("the first stream's tokens to be charged", () -> tokensLeft(buckets) <= 10);

        HttpResponse<String> second = send("/v1/messages", ANTHROPIC_STREAM_BODY, "x-api-key", "tokens-app-key");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(Long.parseLong(header(second, "anthropic-ratelimit-tokens-remaining"))).isBetween(10L, 11L);
        await("the second stream's tokens to be charged", () -> admission(buckets).deniedBy() != null);

        // 10 - 40 = -30: a debt of 30 tokens at 50 a minute, ~36 s.
        HttpResponse<String> refused = send("/v1/messages", ANTHROPIC_STREAM_BODY, "x-api-key", "tokens-app-key");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Json.parseUpstream(refused.body()).path("error").path("message").stringValue()).contains("tokens-per-minute");
        assertThat(Long.parseLong(header(refused, "Retry-After"))).isBetween(30L, 37L);
        assertThat(header(refused, "anthropic-ratelimit-tokens-remaining")).isEqualTo("0");
        UPSTREAM.verify(2, postRequestedFor(urlEqualTo("/v1/messages")));
    }

    /**
     * An OpenAI stream reports its usage only when asked: a client that does not ask, or says
     * {@code include_usage: false}, is charged all the same (the gateway asks the upstream), and never
     * receives the usage-only chunk it did not ask for; the labels ride on the chunks it does receive.
     */
    @Test
    void anOpenAiStreamThatDoesNotAskForItsUsageIsChargedAllTheSame() {
        UPSTREAM.stubFor(post(anyUrl())
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.stream_options.include_usage",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("true")))
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody(transcript("openai-stream.sse"))));
        List<QuotaBucket> buckets = ProductQuota.buckets(List.of(
                new QuotaScope("{unasked-app}", new QuotaLimits(null, 50L, null, null))));
        String notAsking = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String refusing = "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":false},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        // The transcript reports 19 + 21 tokens: 50 - 40 leaves 10.
        HttpResponse<String> first = openAi("unasked-app", notAsking);
        assertThat(first.statusCode()).isEqualTo(200);
        assertNoUsageChunkAndLabeled(first.body());
        await("the first stream's tokens to be charged", () -> tokensLeft(buckets) <= 10);

        HttpResponse<String> second = openAi("unasked-app", refusing);
        assertThat(second.statusCode()).isEqualTo(200);
        assertNoUsageChunkAndLabeled(second.body());
        await("the second stream's tokens to be charged", () -> admission(buckets).deniedBy() != null);

        HttpResponse<String> refused = openAi("unasked-app", notAsking);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Json.parseUpstream(refused.body()).path("error").path("message").stringValue()).contains("tokens-per-minute");
        UPSTREAM.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));

        // A client that asks gets the chunk, as the upstream sent it.
        HttpResponse<String> asking = openAi("asking-app", OPENAI_STREAM_BODY);
        assertThat(asking.statusCode()).isEqualTo(200);
        assertThat(asking.body()).contains("\"choices\":[],\"usage\":{\"prompt_tokens\":19");
    }

    private static void assertNoUsageChunkAndLabeled(String sse) {
        List<String> data = sse.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertThat(data).last().isEqualTo("[DONE]");
        assertThat(data).noneMatch(d -> d.contains("\"choices\":[]"));
        for (String chunk : data.subList(0, data.size() - 1)) {
            assertThat(Json.parseUpstream(chunk).path("choices").size()).as(chunk).isEqualTo(1);
        }
        JsonNode last = Json.parseUpstream(data.get(data.size() - 2));
        assertThat(last.path("choices").path(0).path("finish_reason").stringValue()).isEqualTo("stop");
        assertThat(last.has("aigc")).as("the implicit label on the last chunk the client receives").isTrue();
    }

    @Test
    void aStreamHoldsItsPlaceAmongTheConcurrentStreamsUntilItEnds() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(transcript("openai-stream.sse")).withChunkedDribbleDelay(8, 2000)));
        CompletableFuture<Void> head = new CompletableFuture<>();
        CompletableFuture<HttpResponse<String>> open = http.sendAsync(HttpRequest.newBuilder(URI.create(gatewayUrl("/v1/chat/completions")))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer streams-app-key")
                        .POST(HttpRequest.BodyPublishers.ofString(OPENAI_STREAM_BODY)).build(),
                info -> {
                    head.complete(null);
                    return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
                });
        // The stream is under way (its head went out): the place is held until its end, not just its start.
        head.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();

        HttpResponse<String> second = openAi("streams-app", OPENAI_STREAM_BODY);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(Json.parseUpstream(second.body()).path("error").path("message").stringValue()).contains("concurrent-streams");
        assertThat(header(second, "Retry-After")).isEqualTo("1");
        assertThat(counter(QuotaMetrics.DECISIONS, "product", "streams-app", "outcome", "denied", "limit", "concurrent-streams"))
                .isEqualTo(1);
        // A non-streamed request takes no stream place.
        assertThat(open.isDone()).isFalse();
        UPSTREAM.stubFor(post(anyUrl()).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("\"stream\""))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(OPENAI_JSON)));
        assertThat(openAi("streams-app", OPENAI_BODY).statusCode()).isEqualTo(200);

        assertThat(open.join().statusCode()).isEqualTo(200);
        await("the place to be given back", () -> openAi("streams-app", OPENAI_STREAM_BODY).statusCode() == 200);
    }

    @Test
    void aModelEntryLimitsItsModelsOnTopOfTheProduct() {
        stubOpenAiJson();
        String mini = OPENAI_BODY.replace("gpt-4o", "gpt-4o-mini");
        assertThat(openAi("model-app", mini).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = openAi("model-app", mini);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(header(refused, "x-ratelimit-limit-requests")).isEqualTo("1");
        // Another model is not limited.
        HttpResponse<String> other = openAi("model-app", OPENAI_BODY);
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.headers().firstValue("x-ratelimit-limit-requests")).isEmpty();
    }

    @Test
    void aQuotaChangedInProductsYamlAppliesWithoutARestart() {
        stubOpenAiJson();
        assertThat(openAi("reload-app", OPENAI_BODY).statusCode()).isEqualTo(200);
        assertThat(openAi("reload-app", OPENAI_BODY).statusCode()).isEqualTo(429);
        String[] raised = PRODUCTS.clone();
        raised[raised.length - 1] = RELOAD_AFTER;
        try {
            QuotaProducts.replace(PRODUCTS_FILE, raised);
            await("the raised quota to admit again", () -> openAi("reload-app", OPENAI_BODY).statusCode() == 200);
            assertThat(header(openAi("reload-app", OPENAI_BODY), "x-ratelimit-limit-requests")).isEqualTo("6000");
        } finally {
            QuotaProducts.replace(PRODUCTS_FILE, PRODUCTS);
        }
    }

    @Test
    void tokensAreCountedPerProductModelAndKindForJsonAnswersAndStreams() {
        stubOpenAiJson();
        assertThat(openAi("meter-app", OPENAI_BODY).statusCode()).isEqualTo(200); // 11 + 7
        await("the answer's tokens to be counted", () -> counter(TokenUsageGlobalFilter.NAME,
                "product", "meter-app", "model", "gpt-4o", "kind", "completion") == 7);
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(transcript("openai-stream.sse"))));
        assertThat(openAi("meter-app", OPENAI_STREAM_BODY).statusCode()).isEqualTo(200); // 19 + 21
        await("the stream's tokens to be counted", () -> counter(TokenUsageGlobalFilter.NAME,
                "product", "meter-app", "model", "gpt-4o", "kind", "completion") == 28);
        assertThat(counter(TokenUsageGlobalFilter.NAME, "product", "meter-app", "model", "gpt-4o", "kind", "prompt")).isEqualTo(30);

        HttpResponse<String> prometheus = exchange(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).GET());
        assertThat(prometheus.body())
                .contains("aigw_tokens_total{kind=\"prompt\",model=\"gpt-4o\",product=\"meter-app\"} 30.0")
                .contains("aigw_tokens_total{kind=\"completion\",model=\"gpt-4o\",product=\"meter-app\"} 28.0");
    }

    private void stubOpenAiJson() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withHeader("x-ratelimit-remaining-requests", "9999").withBody(OPENAI_JSON)));
    }

    private HttpResponse<String> openAi(String product, String body) {
        return send("/v1/chat/completions", body, "Authorization", "Bearer " + product + "-key");
    }

    private QuotaAdmission admission(List<QuotaBucket> tokenBuckets) {
        return store.admit(tokenBuckets, List.of()).block(Duration.ofSeconds(5)); // token buckets only: takes nothing
    }

    private long tokensLeft(List<QuotaBucket> tokenBuckets) {
        return admission(tokenBuckets).buckets().get(0).remaining();
    }

    private double counter(String name, String... tags) {
        Counter counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " in " + response.headers()));
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, condition, () -> "");
    }

    /** Polls {@code condition} for up to 30 s; the failure names {@code state}. */
    static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " " + state.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
