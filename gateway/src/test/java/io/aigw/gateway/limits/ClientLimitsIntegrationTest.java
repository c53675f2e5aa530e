package io.aigw.gateway.limits;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.audit.AuditLines;
import io.aigw.gateway.audit.AuditProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Hostile clients against small limits (issue 8 item 5): a body sent too slowly (408, audited
 * {@code invalid}), one request over the in-flight cap (503, counted, not audited), headers over
 * Netty's limit (431, refused before any filter, so neither counted nor audited), and an upstream
 * stream that stalls (the idle timeout's error event, audited {@code error}). Own context, for its
 * small limits.
 */
@TestPropertySource(properties = {
        "aigw.limits.request-body-timeout=1s",
        "aigw.limits.max-concurrent-requests=3",
        "server.max-http-request-header-size=16KB",
        // Long enough for a first answer of a fresh context on a busy machine (1 s gave 504s at load 20+);
        // the stalled streams below pause far longer than this.
        "aigw.upstream.idle-timeout=3s",
        "spring.cloud.gateway.server.webflux.httpclient.response-timeout=20s",
})
class ClientLimitsIntegrationTest extends GatewayIntegrationTest {

    private static final String OPENAI_BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Autowired
    InFlightLimitWebFilter inFlight;

    @Autowired
    AuditWriter auditWriter;

    @Autowired
    AuditProperties auditProperties;

    @Autowired
    MeterRegistry meters;

    @Test
    void aBodyNotSentInTimeIs408InTheCallersProtocolAndOneInvalidAuditLine() throws IOException {
        String openAiId = "slow-" + UUID.randomUUID();
        assertThat(slowBody("/v1/chat/completions", "Authorization: Bearer " + KEY, openAiId))
                .startsWith("HTTP/1.1 408").contains("\"code\":\"request_timeout\"");
        String anthropicId = "slow-" + UUID.randomUUID();
        assertThat(slowBody("/v1/messages", "x-api-key: " + KEY, anthropicId))
                .startsWith("HTTP/1.1 408").contains("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\"");

        AuditLines audit = new AuditLines(auditWriter, auditProperties);
        for (String id : List.of(openAiId, anthropicId)) {
            JsonNode line = audit.theLineOf(id);
            assertThat(line.path("outcome").stringValue()).isEqualTo("invalid");
            assertThat(line.path("product").stringValue()).isEqualTo("test-app");
            assertThat(line.path("model").isNull()).isTrue();
            assertThat(line.path("error").path("status").intValue()).isEqualTo(408);
            assertThat(line.path("error").path("code").stringValue()).isEqualTo("request_timeout");
        }
        assertThat(audit.theLineOf(anthropicId).path("protocol").stringValue()).isEqualTo("anthropic");
    }

    /** Sends headers announcing 200 bytes and only 10 of them, then reads whatever the gateway answers. */
    private String slowBody(String path, String keyHeader, String requestId) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + keyHeader
                    + "\r\nX-Request-Id: " + requestId
                    + "\r\nContent-Length: 200\r\n\r\n{\"model\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            StringBuilder answer = new StringBuilder();
            int n;
            while (!answer.toString().contains("}}") && (n = in.read(buffer)) > 0) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            return answer.toString();
        }
    }

    @Test
    void aRequestOverTheInFlightCapIs503WithRetryAfter() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withFixedDelay(1_500)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(http.sendAsync(request("/v1/chat/completions", OPENAI_BODY, "Authorization", "Bearer " + KEY),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 1_000 && inFlight.inFlight() < 3; i++) {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        assertThat(inFlight.inFlight()).isEqualTo(3);

        double shedBefore = meters.get("aigw.requests.shed").counter().count();
        String shedId = "shed-" + UUID.randomUUID();
        HttpResponse<String> refused = send("/v1/chat/completions", OPENAI_BODY, "Authorization", "Bearer " + KEY,
                "X-Request-Id", shedId);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refused.headers().firstValue("X-Request-Id")).isPresent();
        JsonNode error = Json.parseUpstream(refused.body()).path("error");
        assertThat(error.path("code").stringValue()).isEqualTo("gateway_busy");
        HttpResponse<String> anthropic = send("/v1/messages", "{}", "x-api-key", KEY);
        assertThat(anthropic.statusCode()).isEqualTo(503);
        assertThat(Json.parseUpstream(anthropic.body()).path("error").path("type").stringValue()).isEqualTo("overloaded_error");
        // Shed requests are counted, not audited one line each (see InFlightLimitWebFilter).
        assertThat(meters.get("aigw.requests.shed").counter().count()).isEqualTo(shedBefore + 2);

        assertThat(held).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(200));
        for (int i = 0; i < 1_000 && inFlight.inFlight() > 0; i++) {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        assertThat(inFlight.inFlight()).isZero();
        assertThat(new AuditLines(auditWriter, auditProperties).linesOf(shedId)).isEmpty();
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));
        assertThat(send("/v1/chat/completions", OPENAI_BODY, "Authorization", "Bearer " + KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void headersOverTheConfiguredSizeAre431AndBelowItPass() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));
        HttpResponse<String> big = send("/v1/chat/completions", OPENAI_BODY, "Authorization", "Bearer " + KEY,
                "X-Padding", "p".repeat(20 * 1024));
        assertThat(big.statusCode()).isEqualTo(431);
        HttpResponse<String> fits = send("/v1/chat/completions", OPENAI_BODY, "Authorization", "Bearer " + KEY,
                "X-Padding", "p".repeat(12 * 1024));
        assertThat(fits.statusCode()).isEqualTo(200);
    }

    @Test
    void anUpstreamStreamThatStallsEndsWithATimeoutErrorEventInEachProtocol() {
        String text = "Hello there, this sentence is long enough to leave the content filter's hold-back at once. ";
        String openAi = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n";
        // Two pieces 5 s apart (the first with the headers, after 5 s): the second comes long after the 3 s idle timeout.
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(openAi + "data: [DONE]\n\n" + " ".repeat(openAi.length())).withChunkedDribbleDelay(2, 10_000)));
        String id = "stall-" + UUID.randomUUID();
        HttpResponse<String> response = send("/v1/chat/completions", OPENAI_BODY.replace("{\"model\"", "{\"stream\":true,\"model\""),
                "Authorization", "Bearer " + KEY, "X-Request-Id", id);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Hello there").contains("\"code\":\"upstream_timeout\"").doesNotContain("\"aigc\"");
        AuditLines.assertCutShortByError(new AuditLines(auditWriter, auditProperties).theLineOf(id), "upstream_timeout");

        String anthropic = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n";
        UPSTREAM.stubFor(post("/v1/messages").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(anthropic + " ".repeat(anthropic.length())).withChunkedDribbleDelay(2, 10_000)));
        HttpResponse<String> stalled = send("/v1/messages",
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", KEY);
        assertThat(stalled.statusCode()).isEqualTo(200);
        assertThat(stalled.body()).startsWith("event: message_start").contains("event: error\ndata: {\"type\":\"error\"")
                .doesNotContain("message_stop");
    }

    private HttpRequest request(String path, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gatewayUrl(path))).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.build();
    }
}
