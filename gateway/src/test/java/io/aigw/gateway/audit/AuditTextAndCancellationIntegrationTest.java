package io.aigw.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import reactor.blockhound.BlockHound;
import tools.jackson.databind.JsonNode;

/**
 * The audit with {@code aigw.audit.include-text=true}, and client cancellation, against an upstream
 * on a plain socket ({@link RawUpstream}) that shows when the gateway closes its connection.
 */
@GatewayTest
@TestPropertySource(
        properties = {
            "OPENAI_API_KEY=sk-upstream-openai",
            "ANTHROPIC_API_KEY=sk-upstream-anthropic",
            "spring.cloud.gateway.server.webflux.httpclient.response-timeout=5s",
            "aigw.upstream.idle-timeout=30s",
            "aigw.audit.include-text=true",
        })
class AuditTextAndCancellationIntegrationTest {

    private static final String KEY = "test-key";
    private static final RawUpstream UPSTREAM = new RawUpstream();

    static {
        BlockHound.install();
    }

    @LocalServerPort
    int port;

    @Autowired
    AuditWriter writer;

    @Autowired
    AuditProperties properties;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("aigw.upstreams.openai.base-url", () -> UPSTREAM.baseUrl() + "/v1");
        registry.add("aigw.upstreams.anthropic.base-url", UPSTREAM::baseUrl);
    }

    @AfterAll
    static void stopUpstream() throws IOException {
        UPSTREAM.close();
    }

    @Test
    void theLineHoldsThePromptAsForwardedAndTheCompletionAsDelivered() {
        UPSTREAM.next(RawUpstream.json("""
                {"id":"chatcmpl-t","object":"chat.completion","created":1763983201,"model":"gpt-4o",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there."},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}"""));
        String id = "text-" + UUID.randomUUID();
        HttpResponse<String> response = post("""
                {"model":"gpt-4o","messages":[{"role":"system","content":"be brief"},
                 {"role":"user","content":"my secretcode is here"}]}""", id);
        assertThat(response.statusCode()).isEqualTo(200);
        String delivered = Json.parseUpstream(response.body()).path("choices").path(0).path("message").path("content")
                .stringValue();

        JsonNode line = theLineOf(id);
        assertThat(line.path("outcome").stringValue()).isEqualTo("served");
        // The masked prompt is what went upstream, and what the log keeps.
        assertThat(line.path("prompt_text").stringValue()).startsWith("system: be brief\nuser: my ")
                .doesNotContain("secretcode");
        // The completion as the client received it: label included.
        assertThat(delivered).contains("Hello there.").isNotEqualTo("Hello there.");
        assertThat(line.path("completion_text").stringValue()).isEqualTo(delivered);
        assertThat(line.path("usage").path("completion_tokens").longValue()).isEqualTo(3);
    }

    @Test
    void aClientThatGoesAwayMidStreamCancelsTheUpstreamAtOnceAndIsAuditedAsCancelled() throws Exception {
        CompletableFuture<Long> upstreamClosed = new CompletableFuture<>();
        UPSTREAM.next((request, socket) -> {
            RawUpstream.startStream(socket.getOutputStream(), """
                    data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

                    data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Once upon a time "},"finish_reason":null}]}

                    """);
            // The rest of the answer would follow; the gateway must close the connection instead.
            RawUpstream.waitForClose(socket, 15_000, upstreamClosed);
        });
        String id = "cancel-" + UUID.randomUUID();
        String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"tell a story\"}]}";

        long clientClosed;
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(15_000);
            OutputStream out = client.getOutputStream();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nX-Request-Id: " + id + "\r\nContent-Length: " + bytes.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            readUntil(client.getInputStream(), "data:");
            clientClosed = System.nanoTime();
        }

        long closedAt = upstreamClosed.get(15, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(closedAt - clientClosed)).as("upstream closed after the client left")
                .isLessThan(Duration.ofSeconds(3));

        JsonNode line = theLineOf(id);
        assertThat(line.path("outcome").stringValue()).isEqualTo("cancelled");
        assertThat(line.path("product").stringValue()).isEqualTo("test-app");
        assertThat(line.path("upstream").path("status").intValue()).isEqualTo(200);
        // Whether its first text got past the content filter's hold-back before the client left depends on
        // timing here; a stream cancelled after labeled text went out is the next test.
        assertThat(line.path("error").isNull()).isTrue();
    }

    /** Long enough to clear the content filter's hold-back, so that it reaches the client at once. */
    private static final String TEXT = "Hello there, this sentence is long enough to leave the content filter's hold-back at once. ";
    private static final String STREAM_START = """
            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"%s"},"finish_reason":null}]}

            """.formatted(TEXT);

    @Test
    void aStreamCancelledAfterLabeledTextWentOutWasGeneratedAndCarriedTheLabelsSentSoFar() throws Exception {
        CompletableFuture<Long> upstreamClosed = new CompletableFuture<>();
        UPSTREAM.next((request, socket) -> {
            RawUpstream.startStream(socket.getOutputStream(), STREAM_START);
            RawUpstream.waitForClose(socket, 15_000, upstreamClosed);
        });
        String id = "cancel-text-" + UUID.randomUUID();
        String received;
        try (Socket client = streamRequest(id)) {
            received = readUntil(client.getInputStream(), "long enough");
        }
        upstreamClosed.get(15, TimeUnit.SECONDS);

        JsonNode line = theLineOf(id);
        assertThat(line.path("outcome").stringValue()).isEqualTo("cancelled");
        assertThat(line.path("error").isNull()).isTrue();
        AuditLines.assertCutShortWithLabel(line);
        // The label went out before the text, and the log keeps what was delivered.
        String delivered = line.path("completion_text").stringValue();
        assertThat(delivered).endsWith(TEXT).isNotEqualTo(TEXT);
        assertThat(received).contains(delivered.substring(0, delivered.indexOf(TEXT)).strip());
    }

    @Test
    void anUpstreamThatResetsMidStreamEndsTheStreamWithAnErrorEventAndIsAuditedAsAnError() throws Exception {
        UPSTREAM.next((request, socket) -> {
            RawUpstream.startStream(socket.getOutputStream(), STREAM_START);
            // Let the first chunk reach the client, then reset the connection (RST, not a clean close).
            LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
            socket.setSoLinger(true, 0);
            socket.close();
        });
        String id = "reset-" + UUID.randomUUID();
        String received;
        try (Socket client = streamRequest(id)) {
            // The whole chunked body, its terminating zero-length chunk included: the answer must end.
            received = readUntil(client.getInputStream(), "\r\n0\r\n\r\n");
        }

        assertThat(received).startsWith("HTTP/1.1 200").contains(TEXT.strip()).contains("\"code\":\"upstream_unavailable\"")
                .contains("data: [DONE]").doesNotContain("\"aigc\"");
        JsonNode line = theLineOf(id);
        AuditLines.assertCutShortByError(line, "upstream_unavailable");
        assertThat(line.path("completion_text").stringValue()).endsWith(TEXT);
    }

    /** Sends a streaming chat request on a plain socket, so that the test decides when the client goes away. */
    private Socket streamRequest(String requestId) throws IOException {
        Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
        client.setSoTimeout(15_000);
        byte[] bytes = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"tell a story\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + KEY
                + "\r\nContent-Type: application/json\r\nX-Request-Id: " + requestId + "\r\nContent-Length: " + bytes.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return client;
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (seen.indexOf(marker) < 0) {
            int n;
            try {
                n = in.read(buffer);
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("no '" + marker + "' in time; got: " + seen, e);
            }
            if (n < 0) {
                throw new AssertionError("the gateway closed before '" + marker + "': " + seen);
            }
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    private HttpResponse<String> post(String body, String requestId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + KEY)
                .header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The one record line of {@code requestId} (flushing and looking again a bounded number of times). */
    private JsonNode theLineOf(String requestId) {
        return new AuditLines(writer, properties).theLineOf(requestId);
    }
}
