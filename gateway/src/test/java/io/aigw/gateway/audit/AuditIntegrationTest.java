package io.aigw.gateway.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The audit log and its admin endpoints on the shared context (real routes, WireMock upstream). */
class AuditIntegrationTest extends GatewayIntegrationTest {

    private static final String OPENAI_ANSWER = """
            {"id":"chatcmpl-a","object":"chat.completion","created":1763983201,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there."},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""";

    @Autowired
    AuditProperties properties;

    @Autowired
    AuditWriter writer;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void aServedExchangeAppendsOneLabeledLine() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(OPENAI_ANSWER)));
        String id = newRequestId();
        HttpResponse<String> response = send("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + KEY, "X-Request-Id", id);
        assertThat(response.statusCode()).isEqualTo(200);

        JsonNode line = theLineOf(id);
        assertThat(line.path("product").stringValue()).isEqualTo("test-app");
        assertThat(line.path("model").stringValue()).isEqualTo("gpt-4o");
        assertThat(line.path("protocol").stringValue()).isEqualTo("openai");
        assertThat(line.path("license").path("decision").stringValue()).isEqualTo("allow");
        assertThat(line.path("prompt").path("outcome").stringValue()).isEqualTo("allow");
        assertThat(line.path("completion").path("outcome").stringValue()).isEqualTo("allow");
        assertThat(line.path("generated").booleanValue()).isTrue();
        assertThat(line.path("label").path("explicit").booleanValue()).isTrue();
        assertThat(line.path("label").path("implicit").booleanValue()).isTrue();
        assertThat(line.path("label").path("receipt").booleanValue()).isTrue();
        assertThat(line.path("produce_id").stringValue()).isNotBlank();
        assertThat(line.path("receipt").stringValue()).contains(".");
        assertThat(line.path("content_sha256").stringValue()).isNotBlank();
        assertThat(line.path("upstream").path("status").intValue()).isEqualTo(200);
        assertThat(line.path("upstream").path("latency_ms").longValue()).isNotNegative();
        assertThat(line.path("outcome").stringValue()).isEqualTo("served");
        assertThat(line.path("usage").path("prompt_tokens").longValue()).isEqualTo(5);
        assertThat(line.path("usage").path("completion_tokens").longValue()).isEqualTo(3);
        assertThat(line.has("prompt_text")).isFalse();
        assertThat(line.has("completion_text")).isFalse();
        assertThat(line.toString()).doesNotContain("Hello there.");
        assertThat(meters.get("aigw.audit.lines").tag("outcome", "written").functionCounter().count()).isPositive();
        assertThat(meters.get("aigw.audit.lines").tag("outcome", "failed").functionCounter().count()).isZero();
    }

    @Test
    void aStreamedAnswerGetsItsLineOnlyOnceLabeled() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(transcript("anthropic-stream.sse"))));
        String id = newRequestId();
        HttpResponse<String> response = send("/v1/messages",
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", KEY, "X-Request-Id", id);
        assertThat(response.statusCode()).isEqualTo(200);

        JsonNode line = theLineOf(id);
        assertThat(line.path("protocol").stringValue()).isEqualTo("anthropic");
        assertThat(line.path("outcome").stringValue()).isEqualTo("served");
        assertThat(line.path("generated").booleanValue()).isTrue();
        assertThat(line.path("label").path("receipt").booleanValue()).isTrue();
        assertThat(line.path("upstream").path("status").intValue()).isEqualTo(200);
        // message_start gives the input tokens, the final message_delta the cumulative output tokens.
        assertThat(line.path("usage").path("prompt_tokens").longValue()).isEqualTo(25);
        assertThat(line.path("usage").path("completion_tokens").longValue()).isEqualTo(15);
    }

    @Test
    void anOpenAiStreamWithIncludeUsageRecordsTheLastChunksUsage() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(transcript("openai-stream.sse"))));
        String id = newRequestId();
        HttpResponse<String> response = send("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + KEY, "X-Request-Id", id);
        assertThat(response.statusCode()).isEqualTo(200);

        JsonNode line = theLineOf(id);
        assertThat(line.path("outcome").stringValue()).isEqualTo("served");
        assertThat(line.path("usage").path("prompt_tokens").longValue()).isEqualTo(19);
        assertThat(line.path("usage").path("completion_tokens").longValue()).isEqualTo(21);
    }

    @Test
    void anAnswerWithoutUsageRecordsNone() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OPENAI_ANSWER.replaceAll(",\\s*\"usage\":\\{[^}]*}", ""))));
        String id = newRequestId();
        assertThat(send("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + KEY, "X-Request-Id", id).statusCode()).isEqualTo(200);

        JsonNode line = theLineOf(id);
        assertThat(line.path("outcome").stringValue()).isEqualTo("served");
        assertThat(line.path("usage").isNull()).isTrue();
    }

    @Test
    void anUnreadableBodyOfAKnownProductAppendsOneInvalidLine() {
        String id = newRequestId();
        HttpResponse<String> response = send("/v1/chat/completions", "{\"model\": \"gpt-4o\", \"messages\": [",
                "Authorization", "Bearer " + KEY, "X-Request-Id", id);
        assertThat(response.statusCode()).isEqualTo(400);

        JsonNode line = theLineOf(id);
        assertThat(line.path("product").stringValue()).isEqualTo("test-app");
        assertThat(line.path("model").isNull()).isTrue();
        assertThat(line.path("license").path("decision").stringValue()).isEqualTo("not_checked");
        assertThat(line.path("upstream").isNull()).isTrue();
        assertThat(line.path("outcome").stringValue()).isEqualTo("invalid");
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aRequestMissingARequiredFieldAppendsOneInvalidLine() {
        String id = newRequestId();
        assertThat(send("/v1/messages", "{\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", KEY, "X-Request-Id", id).statusCode()).isEqualTo(400);

        JsonNode line = theLineOf(id);
        assertThat(line.path("protocol").stringValue()).isEqualTo("anthropic");
        assertThat(line.path("outcome").stringValue()).isEqualTo("invalid");
    }

    @Test
    void anOversizedBodyAppendsOneInvalidLineWhetherItsLengthIsDeclaredOrNot() {
        String big = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70 * 1024) + "\"}]}";
        String declared = newRequestId();
        assertThat(send("/v1/chat/completions", big, "Authorization", "Bearer " + KEY, "X-Request-Id", declared)
                .statusCode()).isEqualTo(413);
        String chunked = newRequestId();
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        assertThat(send("/v1/chat/completions",
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)),
                "Authorization", "Bearer " + KEY, "X-Request-Id", chunked).statusCode()).isEqualTo(413);

        for (String id : List.of(declared, chunked)) {
            JsonNode line = theLineOf(id);
            assertThat(line.path("product").stringValue()).isEqualTo("test-app");
            assertThat(line.path("outcome").stringValue()).isEqualTo("invalid");
        }
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aLicenseDenialAppendsOneDeniedLine() {
        String id = newRequestId();
        HttpResponse<String> response = send("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer expired-key", "X-Request-Id", id);
        assertThat(response.statusCode()).isEqualTo(403);

        JsonNode line = theLineOf(id);
        assertThat(line.path("product").stringValue()).isEqualTo("expired-app");
        assertThat(line.path("license").path("decision").stringValue()).isEqualTo("deny");
        assertThat(line.path("license").path("reason").stringValue()).isEqualTo("license_expired");
        assertThat(line.path("upstream").isNull()).isTrue();
        assertThat(line.path("generated").booleanValue()).isFalse();
        assertThat(line.path("outcome").stringValue()).isEqualTo("denied");
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aBlockedPromptAppendsOneBlockedLine() {
        String id = newRequestId();
        HttpResponse<String> response = send("/v1/messages",
                "{\"model\":\"claude\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"say forbiddenword\"}]}",
                "x-api-key", KEY, "X-Request-Id", id);
        assertThat(response.statusCode()).isEqualTo(400);

        JsonNode line = theLineOf(id);
        assertThat(line.path("protocol").stringValue()).isEqualTo("anthropic");
        assertThat(line.path("license").path("decision").stringValue()).isEqualTo("allow");
        assertThat(line.path("prompt").path("outcome").stringValue()).isEqualTo("block");
        assertThat(line.path("prompt").path("categories").path(0).stringValue()).isEqualTo("A1-test");
        assertThat(line.path("upstream").isNull()).isTrue();
        assertThat(line.path("outcome").stringValue()).isEqualTo("blocked");
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aBlockedCompletionAppendsOneBlockedLineThatIsNotAGeneratedAnswer() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OPENAI_ANSWER.replace("Hello there.", "here is the forbiddenword"))));
        String id = newRequestId();
        HttpResponse<String> response = send("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + KEY, "X-Request-Id", id);
        assertThat(response.statusCode()).isEqualTo(200);

        JsonNode line = theLineOf(id);
        assertThat(line.path("prompt").path("outcome").stringValue()).isEqualTo("allow");
        assertThat(line.path("completion").path("outcome").stringValue()).isEqualTo("block");
        assertThat(line.path("completion").path("categories").path(0).stringValue()).isEqualTo("A1-test");
        assertThat(line.path("upstream").path("status").intValue()).isEqualTo(200);
        assertThat(line.path("generated").booleanValue()).isFalse();
        assertThat(line.path("outcome").stringValue()).isEqualTo("blocked");
    }

    @Test
    void anUnknownKeyAppendsADeniedLineWithoutProduct() {
        String id = newRequestId();
        HttpResponse<String> response = send("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}",
                "Authorization", "Bearer nobody", "X-Request-Id", id);
        assertThat(response.statusCode()).isEqualTo(401);

        JsonNode line = theLineOf(id);
        assertThat(line.path("product").isNull()).isTrue();
        assertThat(line.path("license").path("decision").stringValue()).isEqualTo("not_checked");
        assertThat(line.path("outcome").stringValue()).isEqualTo("denied");
    }

    @Test
    void theVerifierAcceptsTheLogAndCountsEveryLine() {
        send("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}", "Authorization", "Bearer nobody");
        HttpResponse<String> response = admin("/admin/audit/verify");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = Json.parseUpstream(response.body());
        assertThat(result.path("valid").booleanValue()).as(response.body()).isTrue();
        // The endpoint wrote a checkpoint first, so every line now on disk was verified.
        assertThat(result.path("lines").longValue()).isEqualTo(linesOnDisk()).isPositive();
        assertThat(result.path("firstBadLine").isNull()).isTrue();
    }

    @Test
    void theAuditKeysArePublished() {
        HttpResponse<String> response = admin("/admin/audit/keys");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode key = Json.parseUpstream(response.body()).path("keys").path(0);
        assertThat(key.path("kty").stringValue()).isEqualTo("OKP");
        assertThat(key.path("crv").stringValue()).isEqualTo("Ed25519");
    }

    @Test
    void theReportShowsFullCoverageForLabeledAnswersInJsonAndCsv() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(OPENAI_ANSWER)));
        Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 2; i++) {
            String id = newRequestId();
            assertThat(send("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    "Authorization", "Bearer " + KEY, "X-Request-Id", id).statusCode()).isEqualTo(200);
            theLineOf(id);
        }
        String deniedId = newRequestId();
        send("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}", "Authorization", "Bearer expired-key",
                "X-Request-Id", deniedId);
        theLineOf(deniedId);
        Instant to = Instant.now().plusSeconds(1);

        HttpResponse<String> json = admin("/admin/report?from=" + from + "&to=" + to);
        assertThat(json.statusCode()).isEqualTo(200);
        JsonNode report = Json.parseUpstream(json.body());
        JsonNode testApp = product(report, "test-app");
        assertThat(testApp.path("served").longValue()).as(json.body()).isEqualTo(2);
        assertThat(testApp.path("generated").longValue()).isEqualTo(2);
        assertThat(testApp.path("labeled").longValue()).isEqualTo(2);
        assertThat(testApp.path("coverage").stringValue()).isEqualTo("100%");
        assertThat(testApp.path("explicitNeeded").longValue()).isEqualTo(2);
        assertThat(testApp.path("explicitExempt").isEmpty()).isTrue();
        assertThat(product(report, "expired-app").path("licenseDenials").path("license_expired").longValue()).isEqualTo(1);

        HttpResponse<String> csv = admin("/admin/report?from=" + from + "&to=" + to + "&product=test-app&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(csv.body()).startsWith("product,requests,served,").contains("\r\ntest-app,2,2,0,0,0,");
        assertThat(csv.body().lines().filter(l -> l.startsWith("test-app,")).findFirst()).hasValueSatisfying(
                row -> assertThat(row).endsWith(",2,2,100%,2,"));
    }

    @Test
    void aBadReportPeriodIs400() {
        assertThat(admin("/admin/report?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(admin("/admin/report?from=2026-11-02&to=2026-10-31").statusCode()).isEqualTo(400);
        assertThat(admin("/admin/report?format=xml").statusCode()).isEqualTo(400);
    }

    @Test
    void adminEndpointsNeedTheToken() {
        HttpResponse<String> response = get("/admin/audit/verify", "Bearer wrong");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("unauthorized");
    }

    private static JsonNode product(JsonNode report, String id) {
        for (JsonNode p : report.path("products")) {
            if (id.equals(p.path("product").stringValue())) {
                return p;
            }
        }
        throw new AssertionError("no product " + id + " in " + report);
    }

    private static String newRequestId() {
        return "audit-" + UUID.randomUUID();
    }

    private HttpResponse<String> get(String path, String authorization) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The one record line of {@code requestId}. The line is queued when the server's exchange ends,
     * which may be just after the client got its answer: flush and look again, a bounded number of times.
     */
    private JsonNode theLineOf(String requestId) {
        for (int attempt = 0; attempt < 200; attempt++) {
            try {
                writer.flush().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("audit flush failed", e);
            }
            List<JsonNode> found = records().stream()
                    .filter(n -> requestId.equals(n.path("request_id").stringValue())).toList();
            if (!found.isEmpty()) {
                assertThat(found).as("lines of " + requestId).hasSize(1);
                return found.get(0);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        throw new AssertionError("no audit line for " + requestId);
    }

    private List<JsonNode> records() {
        List<JsonNode> records = new ArrayList<>();
        for (String line : allLines()) {
            JsonNode node = Json.parseUpstream(line);
            if ("record".equals(node.path("type").stringValue())) {
                records.add(node);
            }
        }
        return records;
    }

    private long linesOnDisk() {
        return allLines().size();
    }

    private List<String> allLines() {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(properties.dir())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
