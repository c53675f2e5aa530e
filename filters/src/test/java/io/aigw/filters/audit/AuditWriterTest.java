package io.aigw.filters.audit;

import io.aigw.filters.MutableClock;
import static io.aigw.filters.audit.AuditFixtures.JWKS;
import static io.aigw.filters.audit.AuditFixtures.SIGNER;
import static io.aigw.filters.audit.AuditFixtures.lines;
import static io.aigw.filters.audit.AuditFixtures.served;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditWriterTest {

    /** 2026-11-24 23:59:00 in Shanghai. */
    private static final Instant NEAR_MIDNIGHT = Instant.parse("2026-11-24T15:59:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T02:00:00Z"));

    private AuditWriterConfig config() {
        return AuditWriterConfig.defaults(dir).withCheckpointEveryLines(1000);
    }

    @Test
    void writesOneLinePerRecordAndAFinalCheckpointOnClose() {
        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            for (int i = 0; i < 5; i++) {
                assertThat(writer.offer(served("r" + i, clock.instant(), "acme"))).isTrue();
            }
        }

        List<String> lines = lines(dir.resolve("audit-2026-11-24.jsonl"));
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).startsWith("{\"type\":\"record\",\"seq\":1,\"prev\":\"" + AuditHash.GENESIS + "\"");
        assertThat(lines.get(5)).startsWith("{\"type\":\"checkpoint\",\"seq\":6,");
        AuditVerification v = AuditVerifier.verify(dir, JWKS, true);
        assertThat(v.valid()).as(v.toJson()).isTrue();
        assertThat(v.lines()).isEqualTo(6);
        assertThat(v.records()).isEqualTo(5);
        assertThat(v.unsignedTail()).isZero();
    }

    @Test
    void reservationsAreBoundedAndNeverBlock() {
        try (AuditWriter writer = AuditWriter.start(config().withQueueCapacity(2), SIGNER, clock)) {
            Optional<AuditTicket> a = writer.tryReserve();
            Optional<AuditTicket> b = writer.tryReserve();
            Optional<AuditTicket> c = writer.tryReserve();

            assertThat(a).isPresent();
            assertThat(b).isPresent();
            assertThat(c).isEmpty();
            assertThat(writer.offer(served("x", clock.instant(), "acme"))).isFalse();
            assertThat(writer.counters().rejected()).isEqualTo(2);
            assertThat(writer.counters().inFlight()).isEqualTo(2);

            a.get().submit(served("a", clock.instant(), "acme"));
            b.get().cancel();
            writer.flush().join();

            assertThat(writer.counters().inFlight()).isZero();
            assertThat(writer.counters().written()).isEqualTo(1);
            assertThat(writer.counters().cancelled()).isEqualTo(1);
            assertThat(writer.tryReserve()).isPresent();
            assertThatThrownBy(() -> a.get().submit(served("again", clock.instant(), "acme")))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void checkpointsEveryNLines() {
        try (AuditWriter writer = AuditWriter.start(config().withCheckpointEveryLines(3), SIGNER, clock)) {
            for (int i = 0; i < 7; i++) {
                writer.offer(served("r" + i, clock.instant(), "acme"));
            }
            writer.flush().join();
            assertThat(writer.counters().checkpoints()).isEqualTo(2);
        }
        List<String> types = lines(dir.resolve("audit-2026-11-24.jsonl")).stream()
                .map(l -> l.substring(9, l.indexOf('"', 9))).toList();
        assertThat(types).containsExactly("record", "record", "record", "checkpoint", "record", "record", "record",
                "checkpoint", "record", "checkpoint");
    }

    @Test
    void checkpointsWhenTheIntervalPassedAndLinesAreUnsigned() {
        try (AuditWriter writer = AuditWriter.start(config().withCheckpointEvery(Duration.ofSeconds(60)), SIGNER, clock)) {
            writer.offer(served("r1", clock.instant(), "acme"));
            writer.flush().join();
            assertThat(writer.counters().checkpoints()).isZero();

            clock.advance(Duration.ofSeconds(60));
            writer.offer(served("r2", clock.instant(), "acme"));
            writer.flush().join();

            assertThat(writer.counters().checkpoints()).isEqualTo(1);
            assertThat(AuditVerifier.verify(dir, JWKS).unsignedTail()).isZero();
        }
    }

    @Test
    void checkpointOnDemandSignsTheTail() {
        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            writer.offer(served("r1", clock.instant(), "acme"));
            writer.checkpoint().join();
            AuditVerification v = AuditVerifier.verify(dir, JWKS, true);
            assertThat(v.valid()).as(v.toJson()).isTrue();
        }
    }

    @Test
    void rotatesAtMidnightInTheConfiguredZoneAndChainsAcrossFiles() {
        clock.set(NEAR_MIDNIGHT);
        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            writer.offer(served("before", clock.instant(), "acme"));
            writer.flush().join();
            clock.advance(Duration.ofMinutes(2));
            writer.offer(served("after", clock.instant(), "acme"));
        }

        List<String> day1 = lines(dir.resolve("audit-2026-11-24.jsonl"));
        List<String> day2 = lines(dir.resolve("audit-2026-11-25.jsonl"));
        assertThat(day1).hasSize(2);
        assertThat(day1.get(1)).contains("\"type\":\"checkpoint\"");
        assertThat(day2.get(0)).contains("\"request_id\":\"after\"")
                .contains("\"prev\":\"" + AuditHash.of(day1.get(1).getBytes(StandardCharsets.UTF_8)) + "\"");
        assertThat(AuditVerifier.verify(dir, JWKS, true).valid()).isTrue();
    }

    @Test
    void aRestartContinuesTheChain() {
        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            writer.offer(served("first", clock.instant(), "acme"));
        }
        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            writer.offer(served("second", clock.instant(), "acme"));
        }

        List<String> lines = lines(dir.resolve("audit-2026-11-24.jsonl"));
        assertThat(lines).hasSize(6);
        assertThat(lines.get(2)).startsWith("{\"type\":\"restart\",\"seq\":3,").contains("\"torn_bytes\":0");
        assertThat(lines.get(3)).startsWith("{\"type\":\"checkpoint\",\"seq\":4,");
        assertThat(lines.get(4)).startsWith("{\"type\":\"record\",\"seq\":5,");
        AuditVerification v = AuditVerifier.verify(dir, JWKS, true);
        assertThat(v.valid()).as(v.toJson()).isTrue();
        assertThat(v.records()).isEqualTo(2);
    }

    @Test
    void aTornLastLineIsKeptAcknowledgedAndSkippedOnRestart() throws IOException {
        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            writer.offer(served("first", clock.instant(), "acme"));
        }
        Path file = dir.resolve("audit-2026-11-24.jsonl");
        String fragment = "{\"type\":\"record\",\"seq\":3,\"pr";
        Files.writeString(file, fragment, StandardOpenOption.APPEND);
        assertThat(AuditVerifier.verify(dir, JWKS).firstBadLine().reason()).isEqualTo("torn_line");

        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            writer.offer(served("second", clock.instant(), "acme"));
        }

        List<String> lines = lines(file);
        assertThat(lines.get(2)).isEqualTo(fragment);
        assertThat(lines.get(3)).startsWith("{\"type\":\"restart\",\"seq\":3,").contains("\"torn_bytes\":" + fragment.length() + ",")
                .contains("\"torn_sha256\":\"" + AuditHash.of(fragment.getBytes(StandardCharsets.UTF_8)) + "\"");
        AuditVerification v = AuditVerifier.verify(dir, JWKS, true);
        assertThat(v.valid()).as(v.toJson()).isTrue();
        assertThat(v.tornLines()).isEqualTo(1);
    }

    @Test
    void aFragmentTerminatedByARestartThatDiedIsStillAcknowledged() throws IOException {
        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            writer.offer(served("first", clock.instant(), "acme"));
        }
        Path file = dir.resolve("audit-2026-11-24.jsonl");
        Files.writeString(file, "{\"type\":\"rec\n", StandardOpenOption.APPEND);

        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            writer.offer(served("second", clock.instant(), "acme"));
        }

        AuditVerification v = AuditVerifier.verify(dir, JWKS, true);
        assertThat(v.valid()).as(v.toJson()).isTrue();
        assertThat(v.tornLines()).isEqualTo(1);
    }

    @Test
    void aChainWhoseEndIsNotAuditLinesIsNotContinued() throws IOException {
        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            writer.offer(served("first", clock.instant(), "acme"));
        }
        Files.writeString(dir.resolve("audit-2026-11-24.jsonl"), "garbage\n{\"torn", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> AuditWriter.start(config(), SIGNER, clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("audit-2026-11-24.jsonl").hasMessageContaining("verifier");
    }

    @Test
    void concurrentProducersAllGetTheirLineInOneValidChain() throws Exception {
        int threads = 4;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (AuditWriter writer = AuditWriter.start(config().withFsync(FsyncPolicy.LINE).withCheckpointEveryLines(97)
                .withQueueCapacity(threads * perThread), SIGNER, clock)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        ok += writer.offer(served("t" + id + "-" + i, clock.instant(), "acme")) ? 1 : 0;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get()).isEqualTo(perThread);
            }
        } finally {
            pool.shutdown();
        }
        AuditVerification v = AuditVerifier.verify(dir, JWKS, true);
        assertThat(v.valid()).as(v.toJson()).isTrue();
        assertThat(v.records()).isEqualTo((long) threads * perThread);
    }

    @Test
    void retentionDeletesOldDaysAndAnchorsTheChainStart() {
        clock.set(Instant.parse("2026-01-10T02:00:00Z"));
        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            writer.offer(served("old", clock.instant(), "acme"));
        }
        clock.set(Instant.parse("2026-05-01T02:00:00Z"));
        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            writer.offer(served("kept", clock.instant(), "acme"));
        }
        clock.set(Instant.parse("2026-08-01T02:00:00Z"));
        try (AuditWriter writer = AuditWriter.start(config().withRetentionDays(180), SIGNER, clock)) {
            writer.offer(served("new", clock.instant(), "acme"));
        }

        assertThat(AuditFiles.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("audit-2026-05-01.jsonl", "audit-2026-08-01.jsonl");
        assertThat(lines(dir.resolve("audit-2026-08-01.jsonl")).get(1))
                .contains("\"type\":\"retention\"").contains("\"deleted\":[\"audit-2026-01-10.jsonl\"]")
                .contains("\"first_kept\":{\"file\":\"audit-2026-05-01.jsonl\"");
        AuditVerification v = AuditVerifier.verify(dir, JWKS, true);
        assertThat(v.valid()).as(v.toJson()).isTrue();
    }

    @Test
    void includeTextIsOffByDefault() {
        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            writer.offer(served("r", clock.instant(), "acme"));
        }
        try (AuditWriter writer = AuditWriter.start(config().withIncludeText(true), SIGNER, clock)) {
            writer.offer(served("t", clock.instant(), "acme"));
        }
        List<String> lines = lines(dir.resolve("audit-2026-11-24.jsonl"));
        assertThat(lines.get(0)).doesNotContain("prompt_text").doesNotContain("hello");
        assertThat(lines.get(4)).contains("\"prompt_text\":\"hello\"");
    }

    @Test
    void aDiskFailureMakesTheWriterFailClosed() throws IOException {
        clock.set(NEAR_MIDNIGHT);
        AuditWriter writer = AuditWriter.start(config(), SIGNER, clock);
        try {
            writer.offer(served("ok", clock.instant(), "acme"));
            writer.flush().join();
            // Tomorrow's file cannot be created: the name is taken by a directory.
            Files.createDirectory(dir.resolve("audit-2026-11-25.jsonl"));
            clock.advance(Duration.ofMinutes(2));
            writer.offer(served("lost", clock.instant(), "acme"));

            assertThatThrownBy(() -> writer.flush().join()).isInstanceOf(CompletionException.class);
            assertThat(writer.health()).isEqualTo(AuditWriter.Health.FAILED);
            assertThat(writer.failure()).isInstanceOf(IOException.class);
            assertThat(writer.counters().failed()).isEqualTo(1);
            assertThat(writer.counters().written()).isEqualTo(1);
            assertThat(writer.tryReserve()).isEmpty();
            assertThat(writer.counters().inFlight()).isZero();
        } finally {
            writer.close();
        }
    }

    @Test
    void ticketsSubmittedAfterCloseAreCountedAsFailed() {
        AuditWriter writer = AuditWriter.start(config(), SIGNER, clock);
        AuditTicket ticket = writer.tryReserve().orElseThrow();
        writer.close();

        assertThat(ticket.submit(served("late", clock.instant(), "acme"))).isFalse();
        assertThat(writer.counters().failed()).isEqualTo(1);
        assertThat(writer.tryReserve()).isEmpty();
        assertThat(writer.health()).isEqualTo(AuditWriter.Health.CLOSED);
    }

    @Test
    void invalidSettingsNameTheProperty() {
        assertThatThrownBy(() -> config().withQueueCapacity(0)).hasMessageContaining("aigw.audit.queue-capacity")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> config().withRetentionDays(-1)).hasMessageContaining("aigw.audit.retention-days");
        assertThatThrownBy(() -> config().withCheckpointEvery(Duration.ZERO))
                .hasMessageContaining("aigw.audit.checkpoint-every");
        assertThatThrownBy(() -> FsyncPolicy.fromName("sometimes")).hasMessageContaining("'sometimes'");
        assertThat(FsyncPolicy.fromName(" Line ")).isEqualTo(FsyncPolicy.LINE);
    }
}
