package io.aigw.gateway.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditVerification;
import io.aigw.filters.audit.AuditVerifier;
import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.audit.FaultyDisk;
import io.aigw.filters.label.SigningKeys;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.ProtocolException;
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
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * No answer completes before its audit line is durable (issue 14, item 7), on a gateway whose audit
 * disk fails on demand ({@link FaultyDisk}): every complete answer finds its line already in the file
 * the moment the client has it; when the disk fills, the answer that was waiting for its line becomes
 * 503 {@code audit_unavailable} (JSON) or ends with an error event instead of its end (stream),
 * the failure is logged at ERROR once, health is DOWN and new exchanges get 503 without reaching the
 * upstream; once the disk works again the writer recovers by itself and the chain verifies.
 */
@TestPropertySource(properties = {"aigw.audit.retry-backoff=100ms", "aigw.audit.retry-backoff-max=200ms"})
@Import(AuditDurableAnswerIntegrationTest.Disk.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditDurableAnswerIntegrationTest extends GatewayIntegrationTest {

    private static final String OPENAI_ANSWER = """
            {"id":"chatcmpl-a","object":"chat.completion","created":1763983201,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there."},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""";
    private static final String BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM_BODY = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TestConfiguration(proxyBeanMethods = false)
    static class Disk {
        @Bean
        FaultyDisk faultyDisk() {
            return new FaultyDisk();
        }
    }

    @Autowired
    FaultyDisk disk;

    @Autowired
    AuditWriter writer;

    @Autowired
    AuditProperties properties;

    @Autowired
    AuditHealthIndicator health;

    @Autowired
    @Qualifier("auditSigningKeys")
    SigningKeys auditKeys;

    @Test
    @Order(1)
    void everyCompleteAnswerFindsItsLineInTheFileTheMomentTheClientHasIt() {
        warmUp();
        for (int i = 0; i < 15; i++) {
            UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                    .withBody(OPENAI_ANSWER)));
            String plain = UUID.randomUUID().toString();
            HttpResponse<String> answer = send("/v1/chat/completions", BODY, "Authorization", "Bearer " + KEY,
                    "X-Request-Id", plain);
            assertThat(answer.statusCode()).as("answer %d: %s", i, answer.body()).isEqualTo(200);
            assertThat(fileHolds(plain)).as("line of %s on disk when its answer arrived", plain).isTrue();

            UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                    .withBody(transcript("openai-stream.sse"))));
            String stream = UUID.randomUUID().toString();
            HttpResponse<String> streamed = send("/v1/chat/completions", STREAM_BODY, "Authorization", "Bearer " + KEY,
                    "X-Request-Id", stream);
            assertThat(streamed.body()).contains("data: [DONE]");
            assertThat(fileHolds(stream)).as("line of %s on disk when its [DONE] arrived", stream).isTrue();
        }
    }

    @Test
    @Order(2)
    void aFullDiskTurnsTheWaitingAnswerInto503LogsOnceGoesDownAndRecovers(CapturedOutput output) {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OPENAI_ANSWER)));
        disk.fill();
        try {
            fullDisk(output);
        } finally {
            disk.free();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.health() != AuditWriter.Health.RUNNING && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        String after = UUID.randomUUID().toString();
        assertThat(send("/v1/chat/completions", BODY, "Authorization", "Bearer " + KEY, "X-Request-Id", after)
                .statusCode()).isEqualTo(200);
        assertThat(fileHolds(after)).isTrue();
        assertThat(writer.counters().recoveries()).isEqualTo(1);

        writer.checkpoint().join();
        AuditVerification v = AuditVerifier.verify(properties.dir(), auditKeys.jwks(), true);
        assertThat(v.valid()).as(v.toJson()).isTrue();
    }

    private void fullDisk(CapturedOutput output) {
        HttpResponse<String> waiting = send("/v1/chat/completions", BODY, "Authorization", "Bearer " + KEY);
        assertThat(waiting.statusCode()).as(waiting.body()).isEqualTo(503);
        assertThat(Json.parseUpstream(waiting.body()).path("error").path("code").stringValue())
                .isEqualTo(ExchangeAuditor.UNAVAILABLE_CODE);
        assertThat(writer.health()).isEqualTo(AuditWriter.Health.FAILED);
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);

        UPSTREAM.resetRequests();
        HttpResponse<String> anthropic = send("/v1/messages",
                "{\"model\":\"claude\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", KEY);
        assertThat(anthropic.statusCode()).isEqualTo(503);
        assertThat(Json.parseUpstream(anthropic.body()).path("error").path("type").stringValue()).isEqualTo("overloaded_error");
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).as("refused before the upstream").isEmpty();

        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(700)); // reopen attempts fail meanwhile
        // distinct: the output capture holds each console line twice (two capture layers), same timestamp.
        assertThat(output.getOut().lines().filter(l -> l.contains(" ERROR ") && l.contains("AuditWriter")
                && l.contains("failed: java.io.IOException: No space left on device (test)")).distinct())
                .as("ERROR once, with its cause").hasSize(1);
    }

    @Test
    @Order(3)
    void aStreamWhoseLineCannotBeWrittenEndsWithAnErrorEventInsteadOfItsEnd() throws Exception {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(transcript("openai-stream.sse")).withChunkedDribbleDelay(6, 1200)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl("/v1/chat/completions")))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString(STREAM_BODY)).build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        StringBuilder received = new StringBuilder();
        Iterator<String> lines = response.body().iterator();
        received.append(lines.next()).append('\n'); // the stream is under way: now the disk fills
        disk.fill();
        try {
            lines.forEachRemaining(line -> received.append(line).append('\n'));
        } finally {
            disk.free();
        }

        // The end of the answer (the finish chunk the label stage holds for the receipt, then [DONE]) was held
        // for the line and dropped; the error event ends the stream instead (followed by the [DONE] OpenAI's
        // error events always carry, so the SDKs stop reading).
        assertThat(received.toString()).doesNotContain("\"finish_reason\":\"stop\"")
                .contains("cannot record this request in its audit log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.health() != AuditWriter.Health.RUNNING && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertThat(writer.health()).isEqualTo(AuditWriter.Health.RUNNING);
    }

    /**
     * This class has a context of its own, so its first request meets a cold JVM: on a loaded machine
     * it can outlast the tests' 5 s upstream timeouts (504). Until one request went through, none counts.
     */
    private void warmUp() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OPENAI_ANSWER)));
        for (int attempt = 0; attempt < 5; attempt++) {
            if (send("/v1/chat/completions", BODY, "Authorization", "Bearer " + KEY).statusCode() == 200) {
                return;
            }
        }
        throw new AssertionError("no request went through in 5 attempts");
    }

    /** Whether a record line of {@code requestId} is in the audit files now: no flush, no wait. */
    private boolean fileHolds(String requestId) {
        try (Stream<Path> files = Files.list(properties.dir())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    JsonNode node;
                    try {
                        node = Json.parseUpstream(text);
                    } catch (ProtocolException e) {
                        continue; // the torn half line the full disk left (a restart line acknowledges it)
                    }
                    if ("record".equals(node.path("type").stringValue()) && requestId.equals(node.path("request_id").stringValue())) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
