package io.aigw.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Request bodies under the size cap that used to exhaust the heap (issue 14 item 2): the real gateway
 * in a child JVM with the recommended {@code -Xmx256m} (demo profile, its mock model upstream, default
 * limits), sent several ~9 MB bodies at once: 300,000 tiny messages per protocol, 20,001 content parts,
 * and an object of 800,000 distinct keys (the worst case of the duplicate-key check) — next to an
 * ordinary request. Every request must get its answer (400 naming the cap, or the ordinary 200) within a
 * generous bound, and the gateway must not log an {@link OutOfMemoryError}.
 */
class RequestMemoryGatewayTest {

    private static final Duration ANSWER_BOUND = Duration.ofSeconds(120);
    private static final String MESSAGE = "{\"role\":\"user\",\"content\":\"hi\"}";

    @TempDir
    Path tmp;

    @Test
    void severalHugeBodiesAtOnceAreEachAnsweredAndAnOrdinaryRequestStillIs() throws Exception {
        Path log = tmp.resolve("gateway.log");
        GatewayProcess started = GatewayProcess.start(log, List.of("-Xmx256m", "-XX:+UseParallelGC"), List.of(
                "--aigw.audit.dir=" + tmp.resolve("audit"),
                "--aigw.audit.key-dir=" + tmp.resolve("audit-keys"),
                "--aigw.label.signing.key-dir=" + tmp.resolve("label-keys")));
        Process gateway = started.process();
        int port = started.port();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            awaitStarted(gateway, http, port, log);
            String openAiMessages = "{\"model\":\"gpt-4o\",\"messages\":[" + repeat(MESSAGE, 300_000) + "]}";
            String anthropicMessages = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[" + repeat(MESSAGE, 300_000) + "]}";
            String parts = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":["
                    + repeat("{\"type\":\"text\",\"text\":\"hi\"}", 20_001) + "]}]}";
            StringBuilder keys = new StringBuilder("{\"model\":\"gpt-4o\",\"messages\":[" + MESSAGE + "],\"metadata\":{");
            for (int i = 0; i < 800_000; i++) {
                keys.append("\"k").append(i).append("\":0,");
            }
            // The duplicate comes last: the whole object's keys are held when it is found.
            String manyKeys = keys.append("\"k0\":1}}").toString();
            assertThat(openAiMessages.length()).isGreaterThan(9_000_000);
            assertThat(manyKeys.length()).isGreaterThan(9_000_000);

            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> huge = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                huge.add(send(http, port, "/v1/chat/completions", openAiMessages));
            }
            huge.add(send(http, port, "/v1/messages", anthropicMessages));
            huge.add(send(http, port, "/v1/messages", parts));
            huge.add(send(http, port, "/v1/chat/completions", manyKeys));
            huge.add(send(http, port, "/v1/chat/completions", manyKeys));
            CompletableFuture<HttpResponse<String>> ordinary = send(http, port, "/v1/chat/completions",
                    "{\"model\":\"gpt-4o\",\"messages\":[" + MESSAGE + "]}");

            for (int i = 0; i < 3; i++) {
                assertRefused(huge.get(i).get(), "too_many_messages", "aigw.limits.max-messages");
            }
            assertAnthropicRefused(huge.get(3).get(), "aigw.limits.max-messages");
            assertAnthropicRefused(huge.get(4).get(), "aigw.limits.max-content-parts");
            assertRefused(huge.get(5).get(), "duplicate_key", "'k0'");
            assertRefused(huge.get(6).get(), "duplicate_key", "'k0'");
            assertThat(ordinary.get().statusCode()).as(ordinary.get().body()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ANSWER_BOUND);

            // Still serving, and nothing ran out of memory.
            assertThat(send(http, port, "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[" + MESSAGE + "]}")
                    .get().statusCode()).isEqualTo(200);
            assertThat(gateway.isAlive()).isTrue();
            assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        } finally {
            gateway.destroyForcibly();
            assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void assertRefused(HttpResponse<String> response, String code, String named) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = Json.parseUpstream(response.body()).path("error");
        assertThat(error.path("code").stringValue()).isEqualTo(code);
        assertThat(error.path("message").stringValue()).contains(named);
    }

    private static void assertAnthropicRefused(HttpResponse<String> response, String named) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = Json.parseUpstream(response.body());
        assertThat(body.path("type").stringValue()).isEqualTo("error");
        assertThat(body.path("error").path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").stringValue()).contains(named);
    }

    private static String repeat(String item, int times) {
        StringBuilder sb = new StringBuilder(item.length() * times + times);
        for (int i = 0; i < times; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(item);
        }
        return sb.toString();
    }

    private static CompletableFuture<HttpResponse<String>> send(HttpClient http, int port, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(ANSWER_BOUND)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (path.equals("/v1/messages")) {
            request.header("x-api-key", "aigw-demo-key");
        } else {
            request.header("Authorization", "Bearer aigw-demo-key");
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void awaitStarted(Process gateway, HttpClient http, int port, Path log) throws IOException {
        GatewayProcess.awaitStarted(gateway, log, () -> send(http, port, "/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[" + MESSAGE + "]}").get(10, TimeUnit.SECONDS).statusCode() == 200);
    }
}
