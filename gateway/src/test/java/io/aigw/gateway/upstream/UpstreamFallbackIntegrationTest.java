package io.aigw.gateway.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.aigw.gateway.upstream.ResilienceTestRoutes.FALLBACK_UPSTREAM;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.audit.AuditLines;
import io.aigw.gateway.audit.AuditProperties;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Fallback chains: taken when the route's upstream fails before its answer, in order, only for models
 * the product's license covers, with the request rewritten for the fallback's model and key.
 * {@code other-key}'s product is licensed for {@code gpt-*} only; {@code test-key}'s for every model.
 */
class UpstreamFallbackIntegrationTest extends UpstreamResilienceIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Autowired
    AuditWriter auditWriter;

    @Autowired
    AuditProperties auditProperties;

    private static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"from the fallback\"},\"finish_reason\":\"stop\"}]}";
    private static final String MESSAGE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"from the fallback\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";

    private static void fallbacksAnswer() {
        FALLBACK_UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(COMPLETION)));
    }

    @Test
    void whenThePrimaryIsDownTheFirstLicensedFallbackServesWithItsOwnModelAndKey() {
        fallbacksAnswer();
        HttpResponse<String> response = send(openAiPath("/fallback"), OPENAI_BODY, "Authorization", "Bearer other-key");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("from the fallback");
        assertThat(response.headers().firstValue("X-Upstream")).contains("fallback-openai-fallback-2");
        // deepseek-chat is not covered by other-app's license (gpt-*): skipped without a call.
        FALLBACK_UPSTREAM.verify(0, postRequestedFor(urlEqualTo("/deepseek/v1/chat/completions")));
        assertThat(meters.counter("aigw.upstream.fallbacks", "upstream", "fallback-openai", "fallback", "deepseek",
                "outcome", "not_licensed").count()).isPositive();
        FALLBACK_UPSTREAM.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + ResilienceTestRoutes.FALLBACK_KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("hi"))));
    }

    @Test
    void theAuditLineNamesTheFallbackThatAnsweredAndTheModelAskedThere() {
        fallbacksAnswer();
        String id = "fallback-" + UUID.randomUUID();
        HttpResponse<String> response = send(openAiPath("/fallback"), OPENAI_BODY, "Authorization", "Bearer other-key",
                "X-Request-Id", id);
        assertThat(response.statusCode()).isEqualTo(200);

        JsonNode line = new AuditLines(auditWriter, auditProperties).theLineOf(id);
        assertThat(line.path("outcome").stringValue()).isEqualTo("served");
        assertThat(line.path("upstream").path("name").stringValue()).isEqualTo("fallback-openai-fallback-2");
        assertThat(line.path("upstream").path("status").intValue()).isEqualTo(200);
        assertThat(line.path("model").stringValue()).isEqualTo("gpt-4o-mini");
        assertThat(line.path("generated").booleanValue()).isTrue();
        assertThat(line.path("label").path("receipt").booleanValue()).isTrue();
        assertThat(line.path("error").isNull()).isTrue();
    }

    @Test
    void aProductLicensedForEveryModelGetsTheFirstFallbackWithoutAKeyWhenItNamesNone() {
        fallbacksAnswer();
        HttpResponse<String> response = send(openAiPath("/fallback"), OPENAI_BODY, "Authorization", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Upstream")).contains("deepseek");
        FALLBACK_UPSTREAM.verify(1, postRequestedFor(urlEqualTo("/deepseek/v1/chat/completions"))
                .withoutHeader("Authorization")
                .withRequestBody(matchingJsonPath("$.model", equalTo("deepseek-chat"))));
    }

    @Test
    void aFallbackWhoseModelIsNotLicensedIsSkippedAndTheClientGetsThePrimarysError() {
        fallbacksAnswer();
        HttpResponse<String> response = send(openAiPath("/fallback-deepseek"), OPENAI_BODY, "Authorization", "Bearer other-key");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(Json.parseUpstream(response.body()).path("error").path("code").stringValue()).isEqualTo("upstream_unavailable");
        assertThat(FALLBACK_UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aPrimaryStillOverloadedAfterItsRetriesHandsOverToTheFallbackInTheAnthropicProtocol() {
        UPSTREAM.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(529).withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));
        FALLBACK_UPSTREAM.stubFor(post("/v1/messages").willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(MESSAGE)));

        HttpResponse<String> response = send(anthropicPath("/fallback"), ANTHROPIC_BODY, "x-api-key", KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("from the fallback");
        assertThat(response.headers().firstValue("X-Upstream")).contains("fallback-anthropic-fallback-1");
        assertThat(UPSTREAM.findAll(postRequestedFor(urlEqualTo("/v1/messages")))).hasSize(2);
        FALLBACK_UPSTREAM.verify(1, postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("x-api-key", equalTo(ResilienceTestRoutes.FALLBACK_KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-haiku-4-5"))));
    }

    @Test
    void whileThePrimarysBreakerIsOpenTheFallbackServesAtOnce() {
        fallbacksAnswer();
        circuitBreakers.circuitBreaker("upstream-fallback-openai").transitionToForcedOpenState();

        HttpResponse<String> response = send(openAiPath("/fallback"), OPENAI_BODY, "Authorization", "Bearer other-key");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Upstream")).contains("fallback-openai-fallback-2");
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void whenEveryFallbackIsDownTooTheClientGetsTheLastFailure() {
        FALLBACK_UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"fallback overloaded\",\"type\":\"server_error\",\"param\":null,\"code\":null}}")));

        String id = "fallback-" + UUID.randomUUID();
        HttpResponse<String> response = send(openAiPath("/fallback"), OPENAI_BODY, "Authorization", "Bearer " + KEY,
                "X-Request-Id", id);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("fallback overloaded");
        assertThat(FALLBACK_UPSTREAM.findAll(anyRequestedFor(anyUrl()))).hasSize(2);
        // The audit names the upstream whose answer the client got: the last fallback tried.
        JsonNode line = new AuditLines(auditWriter, auditProperties).theLineOf(id);
        assertThat(line.path("outcome").stringValue()).isEqualTo("error");
        assertThat(line.path("upstream").path("name").stringValue()).isEqualTo("fallback-openai-fallback-2");
        assertThat(line.path("upstream").path("status").intValue()).isEqualTo(503);
        assertThat(line.path("model").stringValue()).isEqualTo("gpt-4o-mini");
        assertThat(line.path("error").path("status").intValue()).isEqualTo(503);
        assertThat(line.path("error").path("code").isNull()).isTrue();
    }

    @Test
    void aPrimaryThatAnswersIsNamedAndNoFallbackIsCalled() {
        UPSTREAM.stubFor(post("/v1/messages").willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(MESSAGE)));
        HttpResponse<String> response = send(anthropicPath("/fallback"), ANTHROPIC_BODY, "x-api-key", KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Upstream")).contains("fallback-anthropic");
        assertThat(FALLBACK_UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
