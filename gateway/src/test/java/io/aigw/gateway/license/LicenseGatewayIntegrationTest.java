package io.aigw.gateway.license;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.MutableClock;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of the license integration tests, sharing one context: the real routes, a hand-moved clock
 * (starting on {@link #START}), a writable copy of {@code products-test.yaml} checked for
 * changes every 50 ms, and the grace and monitor routes of {@link LicenseTestConfiguration}.
 */
@TestPropertySource(properties = "aigw.products.reload-interval=50ms")
@Import(LicenseTestConfiguration.class)
abstract class LicenseGatewayIntegrationTest extends GatewayIntegrationTest {

    static final String OPENAI_BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String ANTHROPIC_BODY =
            "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final Path ORIGINAL_PRODUCTS = Path.of("src/test/resources/products-test.yaml");
    static final Path PRODUCTS;
    /** Tuesday 2026-11-24, noon in Asia/Shanghai. */
    static final Instant START = Instant.parse("2026-11-24T04:00:00Z");
    static final MutableClock CLOCK = new MutableClock(START);

    static {
        try {
            Path dir = Files.createTempDirectory("aigw-products");
            PRODUCTS = dir.resolve("products.yaml");
            Files.copy(ORIGINAL_PRODUCTS, PRODUCTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void productsFile(DynamicPropertyRegistry registry) {
        registry.add("aigw.products.file", PRODUCTS::toString);
    }

    @AfterEach
    void resetClock() {
        CLOCK.set(START);
    }

    /** The WireMock upstream's base URL, for the test routes. */
    static String upstreamBaseUrl() {
        return UPSTREAM.baseUrl();
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.parseUpstream(response.body());
    }

    void stubUpstreamOk() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}")));
    }

    HttpResponse<String> chat(String path, String key) {
        return send(path, OPENAI_BODY, "Authorization", "Bearer " + key);
    }

    static void assertLicenseError(HttpResponse<String> response, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        JsonNode error = json(response).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("permission_error");
        assertThat(error.path("code").stringValue()).isEqualTo(code);
        assertThat(error.path("message").stringValue()).contains(code);
    }

    void assertUpstreamNeverCalled() {
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    /** Count of {@code aigw.license.decisions} with these tags, 0 when never incremented. */
    double decisions(String product, String reason, String mode, String outcome) {
        Counter counter = meters.find(LicenseDecisionRecorder.METER)
                .tags("product", product, "reason", reason, "mode", mode, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Polls {@code condition} every 10 ms for up to 10 s (the watcher runs every 50 ms). */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }
}
