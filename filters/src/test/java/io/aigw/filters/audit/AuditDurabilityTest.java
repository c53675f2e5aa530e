package io.aigw.filters.audit;

import static io.aigw.filters.audit.AuditFixtures.JWKS;
import static io.aigw.filters.audit.AuditFixtures.SIGNER;
import static io.aigw.filters.audit.AuditFixtures.served;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable before answered (issue 14, item 7): a committed line's future completes only once the
 * line is on disk and forced under the policy, lines committed together share one force (group
 * commit), and a disk that fails makes the writer refuse, log the cause at ERROR once, and recover
 * by itself when the disk works again.
 */
class AuditDurabilityTest {

    private static final Path DAY = Path.of("audit-2026-11-24.jsonl");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T02:00:00Z"));
    private final FaultyDisk disk = new FaultyDisk();

    private AuditWriter start(FsyncPolicy fsync) {
        return AuditWriter.start(AuditWriterConfig.defaults(dir).withFsync(fsync).withCheckpointEveryLines(1000)
                .withRetryBackoff(Duration.ofMillis(50), Duration.ofMillis(200)), SIGNER, clock, disk, AuditAnchor.NONE);
    }

    private String file() throws java.io.IOException {
        return Files.readString(dir.resolve(DAY), StandardCharsets.UTF_8);
    }

    @Test
    void aCommitCompletesOnlyOnceItsLineIsWrittenAndForcedAndABatchSharesOneForce() throws Exception {
        try (AuditWriter writer = start(FsyncPolicy.BATCH)) {
            int forcesBefore = disk.forces.get();
            List<CompletableFuture<Boolean>> onDiskWhenDone = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String id = "req-" + i;
                int forcesAtCommit = disk.forces.get();
                CompletableFuture<Void> durable = writer.tryReserve().orElseThrow().commit(served(id, clock.instant(), "acme"));
                // Checked on the writer thread as the future completes: the line is there, and forced since.
                onDiskWhenDone.add(durable.thenApply(v -> {
                    try {
                        return file().contains("\"request_id\":\"" + id + "\"") && disk.forces.get() > forcesAtCommit;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }));
            }
            for (CompletableFuture<Boolean> done : onDiskWhenDone) {
                assertThat(done.get(10, TimeUnit.SECONDS)).isTrue();
            }
            int forces = disk.forces.get() - forcesBefore;
            assertThat(forces).as("group commit: fewer forces than lines").isPositive().isLessThan(300);
        }
    }

    @Test
    void underTheLinePolicyEveryLineIsForcedBeforeItsCommitCompletes() throws Exception {
        try (AuditWriter writer = start(FsyncPolicy.LINE)) {
            int forcesBefore = disk.forces.get();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                all.add(writer.tryReserve().orElseThrow().commit(served("r" + i, clock.instant(), "acme")));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(disk.forces.get() - forcesBefore).isGreaterThanOrEqualTo(50);
        }
    }

    @Test
    void aFullDiskFailsTheCommitLogsOnceRefusesAndRecoversWhenTheDiskWorksAgain() throws Exception {
        try (LogCapture log = new LogCapture(AuditWriter.class); AuditWriter writer = start(FsyncPolicy.BATCH)) {
            writer.tryReserve().orElseThrow().commit(served("before", clock.instant(), "acme")).get(10, TimeUnit.SECONDS);

            disk.full = true;
            CompletableFuture<Void> lost = writer.tryReserve().orElseThrow().commit(served("lost", clock.instant(), "acme"));
            assertThatThrownBy(() -> lost.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("No space left");
            assertThat(writer.health()).isEqualTo(AuditWriter.Health.FAILED);
            assertThat(writer.tryReserve()).as("new exchanges are refused").isEmpty();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(600)); // several reopen attempts, all failing
            assertThat(writer.health()).isEqualTo(AuditWriter.Health.FAILED);
            assertThat(log.errors()).as("ERROR once, with its cause").hasSize(1);
            assertThat(log.errors().get(0)).contains("No space left").contains("503");
            assertThat(log.errorsCarryCause()).isTrue();

            disk.full = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (writer.health() != AuditWriter.Health.RUNNING && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            assertThat(writer.health()).isEqualTo(AuditWriter.Health.RUNNING);
            assertThat(writer.failure()).isNull();
            writer.tryReserve().orElseThrow().commit(served("after", clock.instant(), "acme")).get(10, TimeUnit.SECONDS);
            assertThat(writer.counters().recoveries()).isEqualTo(1);
            assertThat(writer.counters().failed()).isEqualTo(1);
            assertThat(log.errors()).hasSize(1);
        }

        String text = file();
        assertThat(text).contains("\"request_id\":\"before\"", "\"request_id\":\"after\"", "\"type\":\"restart\"");
        AuditVerification v = AuditVerifier.verify(dir, JWKS, true);
        assertThat(v.valid()).as(v.toJson()).isTrue();
        assertThat(v.tornLines()).as("the half-written line, acknowledged by the restart").isEqualTo(1);
        assertThat(v.records()).isEqualTo(2);
    }

    @Test
    void aCommitAfterCloseFailsInsteadOfHanging() {
        AuditWriter writer = start(FsyncPolicy.BATCH);
        AuditTicket ticket = writer.tryReserve().orElseThrow();
        writer.close();
        assertThat(ticket.commit(served("late", clock.instant(), "acme"))).isCompletedExceptionally();
    }
}
