package io.aigw.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.aigw.filters.audit.AuditVerification;
import io.aigw.filters.audit.AuditVerification.BadLine;
import io.aigw.filters.audit.AuditVerifier;
import io.aigw.filters.label.Jwks;
import io.aigw.filters.label.SigningKeyDirectory;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code kill -9} of the real gateway under load, {@value #RUNS} times on the same audit directory:
 * the Spring Boot application runs in a child JVM (demo profile: its in-process mock model is the
 * upstream; audit and keys in a temp dir, ephemeral ports), concurrent clients send streamed and
 * plain requests, and the process is killed with SIGKILL ({@link Process#destroyForcibly()}) while
 * exchanges are in flight. After each kill, every answer a client received in full (a stream up to
 * {@code [DONE]}, a whole completion object) must have its record in the verified chain (issue 14,
 * item 7: no answer completes before its line is durable); the chain up to the last complete line
 * must verify, the next start continuing it; a torn last line, the kill's or one appended here, must
 * be reported as {@code torn_line}, never accepted.
 */
class AuditGatewayKillTest {

    private static final int CLIENTS = 8;
    private static final long RECORDS_PER_RUN = 300;
    private static final int RUNS = 3;

    @TempDir
    Path tmp;

    @Test
    void everyAnswerReceivedInFullBeforeAKillIsInTheVerifiedChainRunAfterRun() throws Exception {
        Path auditDir = tmp.resolve("audit");
        Path auditKeys = tmp.resolve("audit-keys");
        Set<String> received = ConcurrentHashMap.newKeySet();
        for (int run = 1; run <= RUNS; run++) {
            int answersBefore = received.size();
            loadAndKill(auditDir, auditKeys, received, run);
            assertThat(received.size()).as("answers received in full in run %d", run).isGreaterThan(answersBefore);

            Jwks keys = new SigningKeyDirectory(auditKeys, Clock.systemUTC()).loadOrCreate().jwks();
            AuditVerification afterKill = AuditVerifier.verify(auditDir, keys);
            if (!afterKill.valid()) {
                assertThat(afterKill.firstBadLine()).as(afterKill.toJson()).extracting(BadLine::reason).isEqualTo("torn_line");
                assertThat(afterKill.firstBadLine().file()).isEqualTo(lastFile(auditDir).getFileName().toString());
            }
            assertThat(afterKill.lines()).as(afterKill.toJson()).isEqualTo(completeLines(auditDir));
            Set<String> inChain = recordIds(auditDir, afterKill.lines());
            Set<String> missing = new TreeSet<>(received);
            missing.removeAll(inChain);
            assertThat(missing).as("run %d: answers received in full whose line is not in the verified chain (of %d)",
                    run, received.size()).isEmpty();
            if (run > 1) {
                assertThat(afterKill.recoveredUnsigned()).as("the killed runs' unsigned tails, reported as recovered")
                        .isPositive();
            }
        }

        // Force the case: a fragment of a line without its end, as a kill mid-write leaves it.
        Jwks keys = new SigningKeyDirectory(auditKeys, Clock.systemUTC()).loadOrCreate().jwks();
        Path last = lastFile(auditDir);
        long complete = completeLines(auditDir);
        long linesInLast = completeLinesIn(last);
        Files.write(last, "{\"type\":\"record\",\"seq\":".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        AuditVerification torn = AuditVerifier.verify(auditDir, keys);
        assertThat(torn.valid()).isFalse();
        assertThat(torn.firstBadLine()).extracting(BadLine::file, BadLine::line, BadLine::reason)
                .containsExactly(last.getFileName().toString(), linesInLast + 1, "torn_line");
        assertThat(torn.lines()).as("every complete line still verified").isEqualTo(complete);
    }

    /**
     * Starts the gateway on {@code auditDir} (continuing its chain), runs concurrent streamed and plain
     * clients until it wrote {@link #RECORDS_PER_RUN} more records, and kills it with SIGKILL while they
     * are in flight. Adds the request id of every answer a client received in full to {@code received}.
     */
    private void loadAndKill(Path auditDir, Path auditKeys, Set<String> received, int run) throws Exception {
        long recordsBefore = recordLines(auditDir);
        Path log = tmp.resolve("gateway-" + run + ".log");
        GatewayProcess started = GatewayProcess.start(log, List.of("-Xmx384m"), List.of(
                "--aigw.demo.mock.chunk-delay=2ms",
                "--aigw.audit.dir=" + auditDir,
                "--aigw.audit.key-dir=" + auditKeys,
                "--aigw.label.signing.key-dir=" + tmp.resolve("label-keys")));
        Process gateway = started.process();
        int port = started.port();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicBoolean running = new AtomicBoolean(true);
        try {
            awaitStarted(gateway, http, port, log);
            for (int c = 0; c < CLIENTS; c++) {
                boolean stream = c % 2 == 0;
                clients.execute(() -> {
                    while (running.get()) {
                        String id = UUID.randomUUID().toString();
                        if (sendInFull(http, port, stream, id)) {
                            received.add(id);
                        }
                    }
                });
            }
            // A bound for a stalled load only (how fast the records come is not under test; loaded machines are slow).
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (recordLines(auditDir) < recordsBefore + RECORDS_PER_RUN) {
                if (!gateway.isAlive()) {
                    fail("the gateway died on its own: " + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("only " + (recordLines(auditDir) - recordsBefore) + " audit records after 5 minutes");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        } finally {
            gateway.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint
            assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).isTrue();
            running.set(false);
            clients.shutdownNow();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Whether the answer arrived whole: a 200 with its end ({@code [DONE]}, or a complete completion object). */
    private static boolean sendInFull(HttpClient http, int port, boolean stream, String requestId) {
        HttpRequest request = chat(port, stream).header("X-Request-Id", requestId).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return response.statusCode() == 200
                    && (stream ? body.contains("data: [DONE]") : body.strip().endsWith("}") && body.contains("\"choices\""));
        } catch (IOException e) {
            return false; // the kill
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The request ids of the record lines among the first {@code lines} complete lines of the chain. */
    private static Set<String> recordIds(Path dir, long lines) throws IOException {
        Set<String> ids = new HashSet<>();
        long n = 0;
        for (Path f : files(dir)) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            int from = 0;
            int end;
            while (n < lines && (end = text.indexOf('\n', from)) >= 0) {
                JsonNode node = parse(text.substring(from, end));
                if (node != null && "record".equals(node.path("type").stringValue())) {
                    ids.add(node.path("request_id").stringValue());
                }
                n++;
                from = end + 1;
            }
        }
        return ids;
    }

    private static JsonNode parse(String line) {
        try {
            return Json.parseUpstream(line);
        } catch (RuntimeException e) {
            return null; // a torn fragment a restart acknowledged
        }
    }

    private static HttpRequest.Builder chat(int port, boolean stream) {
        String body = "{\"model\":\"gpt-4o\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer aigw-demo-key")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static int send(HttpClient http, int port, boolean stream) {
        HttpRequest request = chat(port, stream).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // the kill
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void awaitStarted(Process gateway, HttpClient http, int port, Path log) throws IOException {
        GatewayProcess.awaitStarted(gateway, log, () -> send(http, port, false) == 200);
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path lastFile(Path dir) {
        List<Path> all = files(dir);
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }

    private static long recordLines(Path dir) {
        long n = 0;
        for (Path f : files(dir)) {
            try {
                n += Files.readString(f, StandardCharsets.ISO_8859_1).split("\"type\":\"record\"", -1).length - 1;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return n;
    }

    private static long completeLines(Path dir) throws IOException {
        long n = 0;
        for (Path f : files(dir)) {
            n += completeLinesIn(f);
        }
        return n;
    }

    private static long completeLinesIn(Path file) throws IOException {
        long n = 0;
        for (byte b : Files.readAllBytes(file)) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }
}
