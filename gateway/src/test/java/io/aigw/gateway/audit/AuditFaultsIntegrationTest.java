package io.aigw.gateway.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditWriter;
import io.aigw.gateway.GatewayIntegrationTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The audit line of each fault on the shared context (issue 8: every fault in the caller's protocol,
 * with an audit line): a stream cut short by an error event after text went out is {@code error} with
 * what it delivered, a body nested too deep is {@code invalid}, and a client that leaves while a plain
 * answer is awaited is {@code cancelled}.
 */
class AuditFaultsIntegrationTest extends GatewayIntegrationTest {

    /** Long enough to clear the content filter's hold-back, so that it reaches the client before the failure. */
    private static final String TEXT = "Hello there, this sentence is long enough to leave the content filter's hold-back at once. ";
    private static final String OPENAI_START = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"" + TEXT + "\"},\"finish_reason\":null}]}\n\n";
    private static final String ANTHROPIC_START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
            + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,"
            + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + TEXT + "\"}}\n\n";
    private static final String OPENAI_STREAM_BODY = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String ANTHROPIC_STREAM_BODY = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Autowired
    AuditWriter writer;

    @Autowired
    AuditProperties properties;

    @Autowired
    CircuitBreakerRegistry breakers;

    private AuditLines audit;

    /** Broken answers count against the route's breaker; the context is shared, so leave it closed. */
    @BeforeEach
    @AfterEach
    void closeBreakers() {
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
        audit = new AuditLines(writer, properties);
    }

    @Test
    void aStreamThatEndsWithoutItsEndEventIsAnErrorThatDeliveredLabeledText() {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(sse(OPENAI_START)));
        String openAi = newRequestId();
        HttpResponse<String> response = send("/v1/chat/completions", OPENAI_STREAM_BODY, "Authorization", "Bearer " + KEY,
                "X-Request-Id", openAi);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(TEXT.strip()).contains("\"code\":\"upstream_protocol_error\"");

        UPSTREAM.stubFor(post("/v1/messages").willReturn(sse(ANTHROPIC_START)));
        String anthropic = newRequestId();
        assertThat(send("/v1/messages", ANTHROPIC_STREAM_BODY, "x-api-key", KEY, "X-Request-Id", anthropic).body())
                .contains("event: error");

        for (String id : new String[] {openAi, anthropic}) {
            JsonNode line = audit.theLineOf(id);
            AuditLines.assertCutShortByError(line, "upstream_protocol_error");
        }
        assertThat(audit.theLineOf(openAi).path("upstream").path("name").stringValue()).isEqualTo("openai-chat");
        assertThat(audit.theLineOf(anthropic).path("upstream").path("name").stringValue()).isEqualTo("anthropic-messages");
    }

    @Test
    void aMalformedEventAfterTheFirstByteIsAnError() {
        // Dribbled, so that the first event reaches the client before the bad one arrives.
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(sse(OPENAI_START + "data: {\"id\":\"c1\",\"choices\":[{\"index\n\n"
                + "data: [DONE]\n\n").withChunkedDribbleDelay(20, 200)));
        String id = newRequestId();
        HttpResponse<String> response = send("/v1/chat/completions", OPENAI_STREAM_BODY, "Authorization", "Bearer " + KEY,
                "X-Request-Id", id);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(TEXT.strip()).contains("\"code\":\"upstream_protocol_error\"");

        AuditLines.assertCutShortByError(audit.theLineOf(id), "upstream_protocol_error");
    }

    @Test
    void aFailureBeforeTheFirstByteIsAnErrorWithTheStatusAnsweredAndNothingGenerated() {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("upstream exploded")));
        String id = newRequestId();
        assertThat(send("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + KEY, "X-Request-Id", id).statusCode()).isEqualTo(502);

        JsonNode line = audit.theLineOf(id);
        assertThat(line.path("outcome").stringValue()).isEqualTo("error");
        assertThat(line.path("error").path("status").intValue()).isEqualTo(502);
        assertThat(line.path("error").path("code").stringValue()).isEqualTo("upstream_protocol_error");
        assertThat(line.path("generated").booleanValue()).isFalse();
        assertThat(line.path("label").isNull()).isTrue();
        assertThat(line.path("upstream").path("status").intValue()).isEqualTo(200);
    }

    @Test
    void anUpstreamErrorAnswerPassedOnIsAnErrorWithItsStatusAndNoGatewayCode() {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"bad model\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}")));
        String id = newRequestId();
        assertThat(send("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + KEY, "X-Request-Id", id).statusCode()).isEqualTo(400);

        JsonNode line = audit.theLineOf(id);
        assertThat(line.path("outcome").stringValue()).isEqualTo("error");
        assertThat(line.path("error").path("status").intValue()).isEqualTo(400);
        assertThat(line.path("error").path("code").isNull()).isTrue();
        assertThat(line.path("upstream").path("status").intValue()).isEqualTo(400);
        assertThat(line.path("upstream").path("name").stringValue()).isEqualTo("openai-chat");
    }

    @Test
    void deeplyNestedJsonIsOneInvalidLineWithTheProductAndTheCode() {
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        String id = newRequestId();
        HttpResponse<String> response = send("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"metadata\":" + deep + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + KEY, "X-Request-Id", id);
        assertThat(response.statusCode()).isEqualTo(400);

        JsonNode line = audit.theLineOf(id);
        assertThat(line.path("outcome").stringValue()).isEqualTo("invalid");
        assertThat(line.path("product").stringValue()).isEqualTo("test-app");
        assertThat(line.path("model").isNull()).isTrue();
        assertThat(line.path("error").path("status").intValue()).isEqualTo(400);
        assertThat(line.path("error").path("code").stringValue()).isEqualTo("invalid_json");
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aClientThatLeavesWhileAPlainAnswerIsAwaitedIsCancelled() throws Exception {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withFixedDelay(4_000)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        String id = newRequestId();
        byte[] body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = client.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nX-Request-Id: " + id + "\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            for (int i = 0; i < 1_000 && UPSTREAM.findAll(anyRequestedFor(anyUrl())).isEmpty(); i++) {
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).as("the request reached the upstream").hasSize(1);
        }

        JsonNode line = audit.theLineOf(id);
        assertThat(line.path("outcome").stringValue()).isEqualTo("cancelled");
        assertThat(line.path("product").stringValue()).isEqualTo("test-app");
        assertThat(line.path("model").stringValue()).isEqualTo("gpt-4o");
        assertThat(line.path("generated").booleanValue()).isFalse();
        assertThat(line.path("label").isNull()).isTrue();
        assertThat(line.path("error").isNull()).isTrue();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder sse(String body) {
        return aResponse().withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    private static String newRequestId() {
        return "fault-" + UUID.randomUUID();
    }
}
