package io.aigw.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayTest;
import io.aigw.gateway.RefusingPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import reactor.blockhound.BlockHound;

/** Upstreams that refuse connections: 502 in the caller's protocol, then 503 once the route's breaker opens. */
@GatewayTest
@TestPropertySource(
        properties = {
            "resilience4j.circuitbreaker.configs.default.sliding-window-size=4",
            "resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=4",
            "resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=1h",
            // One attempt per request, so that the breaker's window counts requests here.
            "aigw.upstream.retry.max-retries=0",
        })
class UpstreamDownIntegrationTest {

    static {
        BlockHound.install();
    }

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry circuitBreakers;

    @BeforeEach
    void closeBreakers() {
        circuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @DynamicPropertySource
    static void deadUpstreams(DynamicPropertyRegistry registry) {
        String dead = "http://127.0.0.1:" + RefusingPort.reserve();
        registry.add("aigw.upstreams.openai.base-url", () -> dead + "/v1");
        registry.add("aigw.upstreams.anthropic.base-url", () -> dead);
    }

    private HttpResponse<String> send(String path, String keyHeader, String key, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header(keyHeader, key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFailingUpstreamOpensItsRoutesBreakerAndClientsGet503() throws Exception {
        String body = "{\"model\":\"claude\",\"messages\":[]}";
        // The Anthropic route's breaker opens after 4 failed calls (test settings); the OpenAI route's is its own.
        for (int i = 0; i < 3; i++) {
            assertThat(send("/v1/messages", "x-api-key", "test-key", body).statusCode()).isEqualTo(502);
        }
        HttpResponse<String> fourth = send("/v1/messages", "x-api-key", "test-key", body);
        HttpResponse<String> open = send("/v1/messages", "x-api-key", "test-key", body);
        assertThat(fourth.statusCode()).isEqualTo(502);
        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(Json.parseUpstream(open.body()).path("error").path("type").stringValue()).isEqualTo("overloaded_error");
        HttpResponse<String> openAi = send("/v1/chat/completions", "Authorization", "Bearer test-key", "{\"model\":\"gpt-4o\",\"messages\":[]}");
        assertThat(openAi.statusCode()).isEqualTo(502);
    }

    @Test
    void refusedConnectionsAre502InEachProtocol() throws Exception {
        HttpResponse<String> openAi = send("/v1/chat/completions", "Authorization", "Bearer test-key", "{\"model\":\"gpt-4o\",\"messages\":[]}");
        assertThat(openAi.statusCode()).isEqualTo(502);
        assertThat(Json.parseUpstream(openAi.body()).path("error").path("code").stringValue()).isEqualTo("upstream_unavailable");

        HttpResponse<String> anthropic = send("/v1/messages", "x-api-key", "test-key", "{\"model\":\"claude\",\"messages\":[]}");
        assertThat(anthropic.statusCode()).isEqualTo(502);
        assertThat(Json.parseUpstream(anthropic.body()).path("error").path("type").stringValue()).isEqualTo("api_error");
    }
}
