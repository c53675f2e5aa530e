package io.aigw.gateway.moderation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.audit.AuditLines;
import io.aigw.gateway.audit.AuditProperties;
import io.aigw.gateway.content.Streams;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 17 item 4: {@code - Moderation=<name>} with WireMock moderation services that answer (allow, flag,
 * block), stall (timeout: fail-open and fail-closed) and fail (5xx: the breaker opens), on prompts and on
 * answers streamed and not, with the official SDKs as clients (BlockHound on, from the base class).
 * The OpenAI-format service flags {@code badword} as violence (block) and {@code rudeword} as harassment
 * (flag); the webhook flags {@code badword} as self-harm.
 */
@TestPropertySource(properties = {
    "spring.cloud.gateway.server.webflux.routes[0].id=moderated-openai",
    "spring.cloud.gateway.server.webflux.routes[0].uri=${aigw.upstreams.openai.base-url}",
    "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/chat/completions",
    "spring.cloud.gateway.server.webflux.routes[0].filters[0]=ChatProtocol=openai,OPENAI_API_KEY",
    "spring.cloud.gateway.server.webflux.routes[0].filters[1]=ContentFilter",
    "spring.cloud.gateway.server.webflux.routes[0].filters[2]=Moderation=omod",
    "spring.cloud.gateway.server.webflux.routes[1].id=moderated-anthropic",
    "spring.cloud.gateway.server.webflux.routes[1].uri=${aigw.upstreams.anthropic.base-url}",
    "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/v1/messages",
    "spring.cloud.gateway.server.webflux.routes[1].filters[0]=ChatProtocol=anthropic,ANTHROPIC_API_KEY",
    "spring.cloud.gateway.server.webflux.routes[1].filters[1]=Moderation=hook",
    "spring.cloud.gateway.server.webflux.routes[2].id=stall-open",
    "spring.cloud.gateway.server.webflux.routes[2].uri=${aigw.upstreams.openai.base-url}",
    "spring.cloud.gateway.server.webflux.routes[2].predicates[0]=Path=/open/v1/chat/completions",
    "spring.cloud.gateway.server.webflux.routes[2].filters[0]=ChatProtocol=openai,OPENAI_API_KEY",
    "spring.cloud.gateway.server.webflux.routes[2].filters[1]=Moderation=stall-open",
    "spring.cloud.gateway.server.webflux.routes[3].id=stall-closed",
    "spring.cloud.gateway.server.webflux.routes[3].uri=${aigw.upstreams.openai.base-url}",
    "spring.cloud.gateway.server.webflux.routes[3].predicates[0]=Path=/closed/v1/chat/completions",
    "spring.cloud.gateway.server.webflux.routes[3].filters[0]=ChatProtocol=openai,OPENAI_API_KEY",
    "spring.cloud.gateway.server.webflux.routes[3].filters[1]=Moderation=stall-closed",
    "spring.cloud.gateway.server.webflux.routes[4].id=failing",
    "spring.cloud.gateway.server.webflux.routes[4].uri=${aigw.upstreams.openai.base-url}",
    "spring.cloud.gateway.server.webflux.routes[4].predicates[0]=Path=/failing/v1/chat/completions",
    "spring.cloud.gateway.server.webflux.routes[4].filters[0]=ChatProtocol=openai,OPENAI_API_KEY",
    "spring.cloud.gateway.server.webflux.routes[4].filters[1]=Moderation=failing",
    "spring.cloud.gateway.server.webflux.routes[5].id=moderated-labeled",
    "spring.cloud.gateway.server.webflux.routes[5].uri=${aigw.upstreams.openai.base-url}",
    "spring.cloud.gateway.server.webflux.routes[5].predicates[0]=Path=/labeled/v1/chat/completions",
    "spring.cloud.gateway.server.webflux.routes[5].filters[0]=ChatProtocol=openai,OPENAI_API_KEY",
    "spring.cloud.gateway.server.webflux.routes[5].filters[1]=Moderation=omod",
    "spring.cloud.gateway.server.webflux.routes[5].filters[2]=AiLabel",
    "spring.cloud.gateway.server.webflux.routes[6].id=answer-closed",
    "spring.cloud.gateway.server.webflux.routes[6].uri=${aigw.upstreams.openai.base-url}",
    "spring.cloud.gateway.server.webflux.routes[6].predicates[0]=Path=/answer-closed/v1/chat/completions",
    "spring.cloud.gateway.server.webflux.routes[6].filters[0]=ChatProtocol=openai,OPENAI_API_KEY",
    "spring.cloud.gateway.server.webflux.routes[6].filters[1]=Moderation=answer-closed",
    "aigw.moderation.services.omod.format=openai",
    "aigw.moderation.services.omod.api-key-env=MODERATION_TEST_KEY",
    "MODERATION_TEST_KEY=sk-moderation",
    "aigw.moderation.services.omod.actions.violence=block",
    "aigw.moderation.services.omod.actions.harassment=flag",
    "aigw.moderation.services.omod.segment-chars=24",
    "aigw.moderation.services.hook.format=webhook",
    "aigw.moderation.services.stall-open.timeout=300ms",
    "aigw.moderation.services.stall-open.fail-open=true",
    "aigw.moderation.services.stall-closed.timeout=300ms",
    "aigw.moderation.services.failing.fail-open=true",
    "aigw.moderation.services.answer-closed.format=webhook",
    "aigw.moderation.services.answer-closed.segment-chars=24",
    "aigw.audit.include-text=true",
    "resilience4j.circuitbreaker.instances.moderation-failing.sliding-window-size=2",
    "resilience4j.circuitbreaker.instances.moderation-failing.minimum-number-of-calls=2",
    "resilience4j.circuitbreaker.instances.moderation-failing.wait-duration-in-open-state=60s",
})
class ModerationIntegrationTest extends GatewayIntegrationTest {

    static final WireMockServer MODERATION = new WireMockServer(options().dynamicPort());

    static {
        MODERATION.start();
    }

    @DynamicPropertySource
    static void moderationUrls(DynamicPropertyRegistry registry) {
        registry.add("aigw.moderation.services.omod.url", () -> MODERATION.baseUrl() + "/v1/moderations");
        registry.add("aigw.moderation.services.hook.url", () -> MODERATION.baseUrl() + "/hook");
        registry.add("aigw.moderation.services.stall-open.url", () -> MODERATION.baseUrl() + "/stall");
        registry.add("aigw.moderation.services.stall-closed.url", () -> MODERATION.baseUrl() + "/stall");
        registry.add("aigw.moderation.services.failing.url", () -> MODERATION.baseUrl() + "/failing");
        registry.add("aigw.moderation.services.answer-closed.url", () -> MODERATION.baseUrl() + "/answer-closed");
    }

    @Autowired
    MeterRegistry meters;
    @Autowired
    AuditWriter auditWriter;
    @Autowired
    AuditProperties auditProperties;

    private static String openAiResult(boolean flagged, String category) {
        return "{\"id\":\"modr-1\",\"model\":\"omni-moderation-latest\",\"results\":[{\"flagged\":" + flagged
                + ",\"categories\":{\"violence\":" + category.equals("violence") + ",\"harassment\":" + category.equals("harassment")
                + "},\"category_scores\":{\"violence\":0.5,\"harassment\":0.5}}]}";
    }

    @BeforeEach
    void moderationAnswers() {
        MODERATION.resetAll();
        MODERATION.stubFor(post("/v1/moderations").atPriority(9).willReturn(json(openAiResult(false, ""))));
        MODERATION.stubFor(post("/v1/moderations").atPriority(1).withRequestBody(containing("badword"))
                .willReturn(json(openAiResult(true, "violence"))));
        MODERATION.stubFor(post("/v1/moderations").atPriority(2).withRequestBody(containing("rudeword"))
                .willReturn(json(openAiResult(true, "harassment"))));
        MODERATION.stubFor(post("/hook").atPriority(9).willReturn(json("{\"flagged\":false}")));
        MODERATION.stubFor(post("/hook").atPriority(1).withRequestBody(containing("badword"))
                .willReturn(json("{\"flagged\":true,\"categories\":[\"self-harm\"]}")));
        MODERATION.stubFor(post("/stall").willReturn(json("{\"results\":[]}").withFixedDelay(3_000)));
        MODERATION.stubFor(post("/failing").willReturn(aResponse().withStatus(500)));
        MODERATION.stubFor(post("/answer-closed").atPriority(9).willReturn(json("{\"flagged\":false}")));
        MODERATION.stubFor(post("/answer-closed").atPriority(1).withRequestBody(containing("stallword"))
                .willReturn(aResponse().withStatus(503)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    private OpenAIClient openAi(String prefix) {
        return OpenAIOkHttpClient.builder().baseUrl(gatewayUrl(prefix + "/v1")).apiKey(KEY).maxRetries(0).build();
    }

    private static ChatCompletionCreateParams ask(String prompt) {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(prompt).build();
    }

    private static void answerJson(String content) {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(json("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,"
                + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content
                + "\"},\"finish_reason\":\"stop\"}]}")));
    }

    private double verdicts(String service, String side, String verdict) {
        var counter = meters.find("aigw.moderation.verdicts").tags("service", service, "side", side, "verdict", verdict).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aPromptWithABlockingCategoryIs400AndNeverForwardedAndIsAudited() {
        double before = verdicts("omod", "prompt", "block");
        String id = "mod-" + UUID.randomUUID();
        HttpResponse<String> response = send("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"say badword\"}]}",
                "Authorization", "Bearer " + KEY, "X-Request-Id", id);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.parseUpstream(response.body()).path("error").path("code").stringValue()).isEqualTo("content_policy_violation");
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        MODERATION.verify(postRequestedFor(urlEqualTo("/v1/moderations")).withHeader("Authorization", equalTo("Bearer sk-moderation"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("omni-moderation-latest")))
                .withRequestBody(matchingJsonPath("$.input[0]", equalTo("say badword"))));
        assertThat(verdicts("omod", "prompt", "block")).isEqualTo(before + 1);
        assertThat(new AuditLines(auditWriter, auditProperties).theLineOf(id).toString()).contains("moderation:omod:violence");
    }

    @Test
    void aPromptWithAFlaggedCategoryIsForwardedAndCounted() {
        answerJson("fine");
        double before = verdicts("omod", "prompt", "flag");
        ChatCompletion completion = openAi("").chat().completions().create(ask("a rudeword here"));
        assertThat(completion.choices().get(0).message().content()).hasValue("fine");
        assertThat(verdicts("omod", "prompt", "flag")).isEqualTo(before + 1);
    }

    @Test
    void aNonStreamedAnswerTheServiceBlocksNeverReachesTheClient() {
        answerJson("here is the badword you asked for");
        assertThatThrownBy(() -> openAi("").chat().completions().create(ask("hi")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.code()).hasValue("content_policy_violation");
                    assertThat(e.body().toString()).doesNotContain("badword");
                });
        MODERATION.verify(postRequestedFor(urlEqualTo("/v1/moderations")).withRequestBody(containing("here is the badword")));
    }

    /** The upstream streams {@code text} one char per event, in two halves 1.5 s apart (the first is allowed and sent before the second arrives). */
    private static void streamInTwoHalves(String text) {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(Streams.openAi("stop", Streams.perChar(text)))
                .withChunkedDribbleDelay(2, 1_500)));
    }

    private HttpResponse<String> askStreaming(String prefix, String requestId) {
        return send(prefix + "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}",
                "Authorization", "Bearer " + KEY, "X-Request-Id", requestId);
    }

    private HttpResponse<String> askJson(String prefix, String requestId) {
        return send(prefix + "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + KEY, "X-Request-Id", requestId);
    }

    /**
     * Streams {@code text} in two halves on the route at {@code prefix}, the second half holding {@code withheld}:
     * asserts the client got the first part, then the error event {@code code}, and never the withheld rest nor a receipt.
     */
    private HttpResponse<String> streamCutByTheService(String prefix, String text, String withheld, String code, String requestId) {
        streamInTwoHalves(text);
        HttpResponse<String> raw = askStreaming(prefix, requestId);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(Streams.openAiText(raw.body())).contains("Hello there, all is well").doesNotContain(withheld).doesNotContain("more text");
        assertThat(raw.body()).contains(code).doesNotContain("\"finish_reason\":\"stop\"").doesNotContain("aigc_receipt");
        return raw;
    }

    private JsonNode auditLineOf(String requestId) {
        return new AuditLines(auditWriter, auditProperties).theLineOf(requestId);
    }

    /**
     * Asserts that {@code line} records a stream the service cut after some of it was sent: blocked by
     * {@code category}, ended by the error event {@code code}, generated, and with exactly the text the client
     * got ({@code delivered}), none of the withheld segment.
     */
    private static void assertCutByTheService(JsonNode line, String category, String code, String delivered) {
        assertThat(line.path("outcome").stringValue()).as(line.toString()).isEqualTo("blocked");
        assertThat(line.path("completion").path("outcome").stringValue()).isEqualTo("block");
        assertThat(line.path("completion").path("categories").toString()).contains(category);
        assertThat(line.path("error").path("status").intValue()).isEqualTo(200);
        assertThat(line.path("error").path("code").stringValue()).isEqualTo(code);
        assertThat(line.path("completion_text").stringValue()).isEqualTo(delivered);
        assertThat(line.path("receipt").isNull()).isTrue();
        assertThat(line.path("content_sha256").isNull()).isTrue();
        assertThat(line.path("generated").booleanValue()).isTrue();
    }

    /** Asserts that {@code line} records an answer the service refused before its first byte: no text, nothing generated, no receipt. */
    private static void assertRefusedByTheService(JsonNode line, String category, int status) {
        assertThat(line.path("outcome").stringValue()).as(line.toString()).isEqualTo("blocked");
        assertThat(line.path("completion").path("categories").toString()).contains(category);
        assertThat(line.path("error").path("status").intValue()).isEqualTo(status);
        assertThat(line.has("completion_text")).isFalse();
        assertThat(line.path("generated").booleanValue()).isFalse();
        assertThat(line.path("receipt").isNull()).isTrue();
        assertThat(line.path("content_sha256").isNull()).isTrue();
        assertThat(line.path("label").isNull()).isTrue();
    }

    @Test
    void aStreamedAnswerIsHeldBackSegmentBySegmentAndCutBeforeTheFlaggedOne() {
        String id = "mod-" + UUID.randomUUID();
        HttpResponse<String> raw = streamCutByTheService("", "Hello there, all is well so far. Then a badword comes and more text",
                "badword", "content_policy_violation", id);
        assertThat(MODERATION.findAll(postRequestedFor(urlEqualTo("/v1/moderations"))).size()).isGreaterThan(1);
        // The audit records what the client got, not the segment the service withheld.
        assertCutByTheService(auditLineOf(id), "moderation:omod:violence", "content_policy_violation", Streams.openAiText(raw.body()));
    }

    @Test
    void aLabeledStreamCutByTheServiceClaimsNoReceiptAndOnlyTheLabeledTextDelivered() {
        String id = "mod-" + UUID.randomUUID();
        HttpResponse<String> raw = streamCutByTheService("/labeled", "Hello there, all is well so far. Then a badword comes and more text",
                "badword", "content_policy_violation", id);
        String produceId = Json.parseUpstream(raw.headers().firstValue("AIGC").orElseThrow()).path("ProduceID").stringValue();

        JsonNode line = auditLineOf(id);
        assertCutByTheService(line, "moderation:omod:violence", "content_policy_violation", Streams.openAiText(raw.body()));
        // Labeled as far as the stream went: the prefix and the AIGC header, never the receipt of the withheld end.
        AuditLines.assertCutShortWithLabel(line);
        assertThat(line.path("produce_id").stringValue()).isEqualTo(produceId);
    }

    @Test
    void aLabeledStreamTheServiceAllowsIsAuditedWholeWithTheReceiptTheClientGot() {
        String text = "A long and harmless answer that spans several segments of the moderation service.";
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(Streams.openAi("stop", Streams.perChar(text)))));
        String id = "mod-" + UUID.randomUUID();
        HttpResponse<String> raw = askStreaming("/labeled", id);
        assertThat(raw.statusCode()).isEqualTo(200);
        String delivered = Streams.openAiText(raw.body());
        assertThat(delivered).contains(text);
        String receipt = raw.body().lines().filter(l -> l.contains("aigc_receipt")).findFirst()
                .map(l -> Json.parseUpstream(l.substring("data: ".length())).path("aigc_receipt").stringValue()).orElseThrow();

        JsonNode line = auditLineOf(id);
        assertThat(line.path("outcome").stringValue()).as(line.toString()).isEqualTo("served");
        assertThat(line.path("completion_text").stringValue()).isEqualTo(delivered);
        assertThat(line.path("receipt").stringValue()).isEqualTo(receipt);
        assertThat(line.path("label").path("receipt").booleanValue()).isTrue();
    }

    @Test
    void aServiceUnavailableOnTheAnswerFailsClosedAndTheAuditHasOnlyTheDeliveredText() {
        String id = "mod-" + UUID.randomUUID();
        HttpResponse<String> raw = streamCutByTheService("/answer-closed", "Hello there, all is well so far. Then a stallword comes and more text",
                "stallword", "moderation_unavailable", id);
        MODERATION.verify(postRequestedFor(urlEqualTo("/answer-closed")).withRequestBody(matchingJsonPath("$.side", equalTo("completion")))
                .withRequestBody(containing("stallword")));
        assertCutByTheService(auditLineOf(id), "moderation:answer-closed:unavailable", "moderation_unavailable", Streams.openAiText(raw.body()));

        answerJson("then a stallword here");
        String jsonId = "mod-" + UUID.randomUUID();
        HttpResponse<String> refused = askJson("/answer-closed", jsonId);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(Json.parseUpstream(refused.body()).path("error").path("code").stringValue()).isEqualTo("moderation_unavailable");
        assertRefusedByTheService(auditLineOf(jsonId), "moderation:answer-closed:unavailable", 503);
    }

    @Test
    void aLabeledJsonAnswerTheServiceBlocksIsAuditedWithoutTextAndGetsNoReceipt() {
        answerJson("here is the badword you asked for");
        String id = "mod-" + UUID.randomUUID();
        HttpResponse<String> response = askJson("/labeled", id);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.parseUpstream(response.body()).path("error").path("code").stringValue()).isEqualTo("content_policy_violation");
        assertThat(response.body()).doesNotContain("badword");

        JsonNode line = auditLineOf(id);
        assertRefusedByTheService(line, "moderation:omod:violence", 400);
        assertThat(line.path("error").path("code").stringValue()).isEqualTo("content_policy_violation");
        // The refusal carries no label or receipt of the answer it withheld.
        assertThat(response.headers().firstValue("AIGC-Receipt")).isEmpty();
        assertThat(response.headers().firstValue("AIGC")).isEmpty();
    }

    @Test
    void aCleanStreamedAnswerReachesTheSdkWhole() {
        String text = "A long and harmless answer that spans several segments of the moderation service.";
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(Streams.openAi("stop", Streams.perChar(text)))));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (var stream = openAi("").chat().completions().createStreaming(ask("hi"))) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertThat(accumulator.chatCompletion().choices().get(0).message().content()).hasValue(text);
        assertThat(accumulator.chatCompletion().choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }

    @Test
    void theWebhookFormatBlocksAnAnthropicPromptAndAnAnswer() {
        var client = AnthropicOkHttpClient.builder().baseUrl(gatewayUrl("")).apiKey(KEY).maxRetries(0).build();
        assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64)
                .addUserMessage("tell me a badword").build()))
                .isInstanceOfSatisfying(com.anthropic.errors.BadRequestException.class,
                        e -> assertThat(e.body().toString()).contains("moderation service 'hook'").contains("self-harm"));
        MODERATION.verify(postRequestedFor(urlEqualTo("/hook")).withRequestBody(matchingJsonPath("$.side", equalTo("prompt")))
                .withRequestBody(matchingJsonPath("$.texts[0]", equalTo("tell me a badword")))
                .withRequestBody(matchingJsonPath("$.request_id")));
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();

        UPSTREAM.stubFor(post("/v1/messages").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(Streams.anthropic("Hello, ", "a badword ", "here"))));
        StringBuilder seen = new StringBuilder();
        assertThatThrownBy(() -> {
            try (var stream = client.messages().createStreaming(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64)
                    .addUserMessage("hi").build())) {
                stream.stream().forEach(event -> seen.append(event.toString()));
            }
        }).isInstanceOf(com.anthropic.errors.BadRequestException.class);
        assertThat(seen.toString()).doesNotContain("badword");
    }

    @Test
    void aStalledServiceFailsOpenOrClosedAsConfigured() {
        answerJson("served");
        double before = verdicts("stall-open", "prompt", "unavailable");
        ChatCompletion open = openAi("/open").chat().completions().create(ask("hi"));
        assertThat(open.choices().get(0).message().content()).hasValue("served");
        assertThat(verdicts("stall-open", "prompt", "unavailable")).isEqualTo(before + 1);

        UPSTREAM.resetRequests();
        HttpResponse<String> closed = send("/closed/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "Authorization", "Bearer " + KEY);
        assertThat(closed.statusCode()).isEqualTo(503);
        assertThat(Json.parseUpstream(closed.body()).path("error").path("code").stringValue()).isEqualTo("moderation_unavailable");
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aFailingServiceOpensItsBreakerAndIsNoLongerCalled() {
        answerJson("served");
        for (int i = 0; i < 5; i++) {
            assertThat(send("/failing/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    "Authorization", "Bearer " + KEY).statusCode()).isEqualTo(200);
        }
        // Two failed calls open the breaker (sliding window 2); the other prompts and every answer pass without a call.
        assertThat(MODERATION.findAll(postRequestedFor(urlEqualTo("/failing")))).hasSize(2);
        assertThat(verdicts("failing", "prompt", "unavailable")).isEqualTo(5);
    }
}
