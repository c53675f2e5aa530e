package io.aigw.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Reads a test context's audit log back: the record lines of one request id. A line is queued when the
 * server's exchange ends, which may be just after the client got its answer, so lookups flush the
 * writer and look again a bounded number of times. For tests only.
 */
public final class AuditLines {

    private final AuditWriter writer;
    private final Path dir;

    public AuditLines(AuditWriter writer, AuditProperties properties) {
        this.writer = writer;
        this.dir = properties.dir();
    }

    /** The one record line of {@code requestId}; fails when there is none after ~5 s, or more than one. */
    public JsonNode theLineOf(String requestId) {
        for (int attempt = 0; attempt < 500; attempt++) {
            List<JsonNode> found = linesOf(requestId);
            if (!found.isEmpty()) {
                assertThat(found).as("lines of " + requestId).hasSize(1);
                return found.get(0);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        throw new AssertionError("no audit line for " + requestId);
    }

    /** The record lines of {@code requestId} written so far (after a flush). */
    public List<JsonNode> linesOf(String requestId) {
        try {
            writer.flush().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("audit flush failed", e);
        }
        List<JsonNode> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    JsonNode node = Json.parseUpstream(text);
                    if ("record".equals(node.path("type").stringValue()) && requestId.equals(node.path("request_id").stringValue())) {
                        found.add(node);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /**
     * Asserts that {@code line} is a stream that reached the client with labeled text and then ended with
     * the protocol's error event {@code code}: outcome {@code error} with status 200, generated, the explicit
     * label (prefix) and the {@code AIGC} header delivered, no receipt.
     */
    public static void assertCutShortByError(JsonNode line, String code) {
        assertThat(line.path("outcome").stringValue()).as(line.toString()).isEqualTo("error");
        assertThat(line.path("error").path("status").intValue()).isEqualTo(200);
        assertThat(line.path("error").path("code").stringValue()).isEqualTo(code);
        assertCutShortWithLabel(line);
    }

    /** Generated and labeled as far as a stream cut short goes: explicit prefix and AIGC header, no receipt. */
    public static void assertCutShortWithLabel(JsonNode line) {
        assertThat(line.path("generated").booleanValue()).as(line.toString()).isTrue();
        assertThat(line.path("label").path("explicit").booleanValue()).isTrue();
        assertThat(line.path("label").path("implicit").booleanValue()).isTrue();
        assertThat(line.path("label").path("receipt").booleanValue()).isFalse();
        assertThat(line.path("produce_id").stringValue()).isNotBlank();
        assertThat(line.path("receipt").isNull()).isTrue();
        assertThat(line.path("upstream").path("status").intValue()).isEqualTo(200);
    }
}
