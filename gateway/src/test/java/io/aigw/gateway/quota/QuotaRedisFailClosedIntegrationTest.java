package io.aigw.gateway.quota;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code aigw.quota.redis.on-failure=closed}: with the real {@code redis-server} killed, a product with a
 * quota is refused at once with 503 {@code quota_unavailable} and {@code Retry-After: 1} in the caller's
 * protocol (nothing reaches the upstream); a product without one is still served; once the server is back,
 * requests are admitted again.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class QuotaRedisFailClosedIntegrationTest extends GatewayIntegrationTest {

    static final RedisServer REDIS = RedisServer.start();
    static final Path PRODUCTS_FILE = QuotaProducts.file(
            QuotaProducts.product("closed-app", "{ requests-per-minute: 6000 }"),
            QuotaProducts.product("free-app", null));

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("aigw.products.file", PRODUCTS_FILE::toString);
        registry.add("aigw.quota.redis.url", REDIS::url);
        registry.add("aigw.quota.redis.on-failure", () -> "closed");
        registry.add("aigw.quota.redis.timeout", () -> "1s");
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void withRedisDownAQuotaProductIsRefusedWith503AndServedAgainOnceRedisIsBack() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(QuotaIntegrationTest.OPENAI_JSON)));
        assertThat(openAi("closed-app").statusCode()).isEqualTo(200);

        REDIS.stop();
        try {
            long start = System.nanoTime();
            HttpResponse<String> refused = openAi("closed-app");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            JsonNode error = Json.parseUpstream(refused.body()).path("error");
            assertThat(error.path("code").stringValue()).isEqualTo("quota_unavailable");
            assertThat(error.path("type").stringValue()).isEqualTo("api_error");

            HttpResponse<String> anthropic = send("/v1/messages", QuotaIntegrationTest.ANTHROPIC_STREAM_BODY,
                    "x-api-key", "closed-app-key");
            assertThat(anthropic.statusCode()).isEqualTo(503);
            assertThat(Json.parseUpstream(anthropic.body()).path("error").path("type").stringValue()).isEqualTo("overloaded_error");

            assertThat(openAi("free-app").statusCode()).isEqualTo(200); // no quota, no Redis needed
        } finally {
            REDIS.startAgain();
        }
        QuotaIntegrationTest.await("requests to be admitted again", () -> openAi("closed-app").statusCode() == 200);
    }

    private HttpResponse<String> openAi(String product) {
        return send("/v1/chat/completions", QuotaIntegrationTest.OPENAI_BODY, "Authorization", "Bearer " + product + "-key");
    }
}
