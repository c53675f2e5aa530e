package io.aigw.gateway.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.aigw.filters.protocol.Json;
import java.net.http.HttpResponse;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Retries before the first byte, only of failures safe to repeat, with backoff, under the retry
 * budget; and the {@code Retry-After} of the 503 while a breaker is open.
 */
class UpstreamRetryIntegrationTest extends UpstreamResilienceIntegrationTest {

    @Autowired
    MeterRegistry meters;

    private static final String OPENAI_URL = "/v1/chat/completions";
    private static final String ANTHROPIC_URL = "/v1/messages";
    private static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"fine\"},\"finish_reason\":\"stop\"}]}";
    private static final String MESSAGE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"fine\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
    private static final String OVERLOADED = "{\"error\":{\"message\":\"Service overloaded\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** The upstream answers {@code first} to the first call, then {@code then} to every later one. */
    private static void firstThen(String url, ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
        UPSTREAM.stubFor(post(url).inScenario("retry").whenScenarioStateIs(STARTED).willReturn(first).willSetStateTo("recovered"));
        UPSTREAM.stubFor(post(url).inScenario("retry").whenScenarioStateIs("recovered").willReturn(then));
    }

    private static int upstreamCalls(String url) {
        return UPSTREAM.findAll(postRequestedFor(urlEqualTo(url))).size();
    }

    private HttpResponse<String> openAi(String prefix) {
        return send(openAiPath(prefix), OPENAI_BODY, "Authorization", "Bearer " + KEY);
    }

    @Test
    void a503BeforeAnyBodyIsRetriedAndTheClientGetsTheAnswer() {
        firstThen(OPENAI_URL, json(503, OVERLOADED), json(200, COMPLETION));
        HttpResponse<String> response = openAi("/retry");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("fine");
        assertThat(upstreamCalls(OPENAI_URL)).isEqualTo(2);
    }

    @Test
    void a529AndAResetConnectionAreRetriedOnTheAnthropicRoute() {
        UPSTREAM.stubFor(post(ANTHROPIC_URL).inScenario("retry").whenScenarioStateIs(STARTED)
                .willReturn(json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))
                .willSetStateTo("reset"));
        UPSTREAM.stubFor(post(ANTHROPIC_URL).inScenario("retry").whenScenarioStateIs("reset")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("recovered"));
        UPSTREAM.stubFor(post(ANTHROPIC_URL).inScenario("retry").whenScenarioStateIs("recovered").willReturn(json(200, MESSAGE)));

        HttpResponse<String> response = send(anthropicPath("/retry"), ANTHROPIC_BODY, "x-api-key", KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.parseUpstream(response.body()).path("content").path(0).path("text").stringValue()).endsWith("fine");
        assertThat(upstreamCalls(ANTHROPIC_URL)).isEqualTo(3);
    }

    @Test
    void whenEveryAttemptFailsTheClientGetsTheUpstreamsLastAnswerUnchanged() {
        UPSTREAM.stubFor(post(OPENAI_URL).willReturn(json(503, OVERLOADED).withHeader("Retry-After", "7")));
        HttpResponse<String> response = openAi("/retry");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo(OVERLOADED);
        assertThat(response.headers().firstValue("Retry-After")).contains("7");
        assertThat(upstreamCalls(OPENAI_URL)).isEqualTo(3);
    }

    @Test
    void errorsThatAreNotSafeToRepeatAreNotRetriedAndPassThrough() {
        String serverError = "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
        UPSTREAM.stubFor(post(OPENAI_URL).willReturn(json(500, serverError)));
        HttpResponse<String> response = openAi("/retry");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo(serverError);
        assertThat(upstreamCalls(OPENAI_URL)).isEqualTo(1);
    }

    @Test
    void aFailureAfterTheUpstreamsHeadersIsNeverRetried() {
        UPSTREAM.stubFor(post(OPENAI_URL).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        HttpResponse<String> response = send(openAiPath("/retry"), OPENAI_STREAM_BODY, "Authorization", "Bearer " + KEY);
        assertThat(response.statusCode()).isIn(200, 502);
        assertThat(upstreamCalls(OPENAI_URL)).isEqualTo(1);
    }

    @Test
    void aRouteWithoutRetriesMakesOneAttempt() {
        UPSTREAM.stubFor(post(OPENAI_URL).willReturn(json(503, OVERLOADED)));
        assertThat(openAi("/no-retry").statusCode()).isEqualTo(503);
        assertThat(upstreamCalls(OPENAI_URL)).isEqualTo(1);
    }

    @Test
    void underAFullOutageTheBudgetKeepsRetriesToItsShareOfRequests() {
        UPSTREAM.stubFor(post(OPENAI_URL).willReturn(json(503, OVERLOADED)));
        double startingTokens = budgets.of(ResilienceTestRoutes.BUDGET_ROUTE).available();
        assertThat(startingTokens).isEqualTo(2.0);
        int requests = 40;
        for (int i = 0; i < requests; i++) {
            assertThat(openAi("/budget").statusCode()).isEqualTo(503);
        }
        int calls = upstreamCalls(OPENAI_URL);
        assertThat(meters.counter("aigw.upstream.retries", "upstream", ResilienceTestRoutes.BUDGET_ROUTE).count())
                .isEqualTo(calls - requests);
        assertThat(meters.counter("aigw.upstream.retries.denied", "upstream", ResilienceTestRoutes.BUDGET_ROUTE).count())
                .isPositive();
        // Without a budget: 3 attempts per request (120 calls). With it: each request earns 0.2 of a retry.
        assertThat(calls).isGreaterThan(requests)
                .isLessThanOrEqualTo((int) Math.floor(requests * 1.2 + startingTokens));
    }

    @Test
    void whileTheBreakerIsOpenClientsGet503WithRetryAfterAndTheUpstreamIsSpared() {
        UPSTREAM.stubFor(post(OPENAI_URL).willReturn(json(503, OVERLOADED)));
        assertThat(openAi("/breaker").statusCode()).isEqualTo(503);
        assertThat(openAi("/breaker").statusCode()).isEqualTo(503);

        HttpResponse<String> open = openAi("/breaker");

        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(Json.parseUpstream(open.body()).path("error").path("code").stringValue()).isEqualTo("upstream_unavailable");
        assertThat(open.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, 30L));
        assertThat(upstreamCalls(OPENAI_URL)).isEqualTo(2);
    }
}
