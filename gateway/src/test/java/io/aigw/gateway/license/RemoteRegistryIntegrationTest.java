package io.aigw.gateway.license;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Licenses from a remote registry (a WireMock server): identity from the products file, license from
 * {@code GET /products/{id}}; outages bridged by the cache up to {@code max-staleness}, then fail-closed
 * with 503; slowness bounded by {@code aigw.license.timeout}; recovery picked up on the next load.
 */
@TestPropertySource(properties = {
    "aigw.license.source=http",
    "aigw.license.timeout=4s",  // well above a registry answer on a busy machine; the slow test stalls far longer
    "aigw.license.refresh-after=1m",
    "aigw.license.max-staleness=15m",
})
class RemoteRegistryIntegrationTest extends LicenseGatewayIntegrationTest {

    static final WireMockServer REGISTRY = new WireMockServer(options().dynamicPort());
    private static int day;

    static {
        REGISTRY.start();
    }

    @Autowired
    CircuitBreakerRegistry circuitBreakers;

    @DynamicPropertySource
    static void registryUrl(DynamicPropertyRegistry registry) {
        registry.add("aigw.license.url", () -> REGISTRY.baseUrl() + "/products/{id}");
    }

    /** Each test starts a day later, so every entry cached by an earlier test has expired. */
    @BeforeEach
    void freshRegistry() {
        REGISTRY.resetAll();
        circuitBreakers.circuitBreaker(LicenseConfiguration.REGISTRY_BREAKER).reset();
        CLOCK.set(START.plus(Duration.ofDays(++day)));
    }

    static String product(String id, String status, String models) {
        return """
                {"id":"%s","name":"Remote","company":"Remote Co","producer-code":"001191110102MAD55U9H0F10002",
                 "api-keys":[],"license":{"status":"%s","number":"R-1","models":%s}}""".formatted(id, status, models);
    }

    static void registryAnswers(String id, String body) {
        REGISTRY.stubFor(get("/products/" + id).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
    }

    static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        JsonNode error = json(response).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("api_error");
        assertThat(error.path("code").stringValue()).isEqualTo("license_registry_unavailable");
    }

    @Test
    void theRemoteLicenseDecidesAndNoKeyIsSent() {
        stubUpstreamOk();
        registryAnswers("test-app", product("test-app", "licensed", "[\"gpt-*\"]"));
        assertThat(chat("/v1/chat/completions", KEY).statusCode()).isEqualTo(200);
        // The remote license covers gpt-* only, although the local file says "*".
        String claude = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertLicenseError(send("/v1/chat/completions", claude, "Authorization", "Bearer " + KEY), "model_not_licensed");
        REGISTRY.verify(1, getRequestedFor(urlEqualTo("/products/test-app"))
                .withHeader("Authorization", absent()).withHeader("x-api-key", absent()));
        assertThat(REGISTRY.getAllServeEvents()).allSatisfy(e -> assertThat(e.getRequest().getUrl()).doesNotContain(KEY, "sha256"));
    }

    @Test
    void anUnknownProductIsUnlicensed() {
        REGISTRY.stubFor(get("/products/other-app").willReturn(aResponse().withStatus(404)));
        assertLicenseError(chat("/v1/chat/completions", "other-key"), "product_unlicensed");
        assertUpstreamNeverCalled();
    }

    @Test
    void anOutageIsBridgedUntilMaxStalenessThenFailsClosedAndRecovers() {
        stubUpstreamOk();
        registryAnswers("test-app", product("test-app", "licensed", "[\"*\"]"));
        assertThat(chat("/v1/chat/completions", KEY).statusCode()).isEqualTo(200);

        REGISTRY.stubFor(get("/products/test-app").willReturn(aResponse().withStatus(500)));
        CLOCK.advance(Duration.ofMinutes(5)); // stale: a background refresh fails, the cached license serves
        assertThat(chat("/v1/chat/completions", KEY).statusCode()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(11)); // 16 min: older than max-staleness
        UPSTREAM.resetRequests();
        double before = decisions("test-app", "license_registry_unavailable", "strict", "denied");
        assertUnavailable(chat("/v1/chat/completions", KEY));
        HttpResponse<String> anthropic = send("/v1/messages", ANTHROPIC_BODY, "x-api-key", KEY);
        assertThat(anthropic.statusCode()).isEqualTo(503);
        assertThat(json(anthropic).path("error").path("type").stringValue()).isEqualTo("api_error");
        assertUnavailable(fetch("/v1/models", "x-api-key", KEY));
        assertUpstreamNeverCalled();
        assertThat(decisions("test-app", "license_registry_unavailable", "strict", "denied")).isEqualTo(before + 2);

        // Recovery, with a changed license. Caffeine drops a failed load just after completing it, so a
        // request right behind a failure may still share it: recovery is awaited, not assumed instant.
        registryAnswers("test-app", product("test-app", "suspended", "[\"*\"]"));
        await("the registry's answer to be used", () -> chat("/v1/chat/completions", KEY).statusCode() == 403);
        assertLicenseError(chat("/v1/chat/completions", KEY), "license_suspended");
    }

    @Test
    void aBrokenConnectionFailsClosed() {
        REGISTRY.stubFor(get("/products/test-app").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertUnavailable(chat("/v1/chat/completions", KEY));
        assertUpstreamNeverCalled();
    }

    @Test
    void aSlowRegistryIsCutOffByTheTimeout() {
        REGISTRY.stubFor(get("/products/test-app").willReturn(aResponse().withFixedDelay(15_000)
                .withHeader("Content-Type", "application/json").withBody(product("test-app", "licensed", "[\"*\"]"))));
        assertUnavailable(chat("/v1/chat/completions", KEY));
        assertUpstreamNeverCalled();
    }

    @Test
    void anInvalidOrMismatchedProductIsAnUnusableAnswer() {
        registryAnswers("test-app", "{\"id\":\"test-app\"}");
        assertUnavailable(chat("/v1/chat/completions", KEY));
        registryAnswers("test-app", product("someone-else", "licensed", "[\"*\"]"));
        assertUnavailable(chat("/v1/chat/completions", KEY));
    }

    @Test
    void anOpenBreakerSparesTheRegistry() {
        circuitBreakers.circuitBreaker(LicenseConfiguration.REGISTRY_BREAKER).transitionToOpenState();
        registryAnswers("test-app", product("test-app", "licensed", "[\"*\"]"));
        assertUnavailable(chat("/v1/chat/completions", KEY));
        REGISTRY.verify(0, getRequestedFor(urlEqualTo("/products/test-app")));
    }

    @Test
    void modelsComeFromTheRemoteLicense() {
        registryAnswers("other-app", product("other-app", "licensed", "[\"claude-*\"]"));
        HttpResponse<String> response = fetch("/v1/models", "x-api-key", "other-key");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("data").findValuesAsString("id")).containsExactly("claude-sonnet-4-5", "claude-haiku-4-5");
    }
}
