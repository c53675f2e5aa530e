package io.aigw.filters.audit;

import static io.aigw.filters.audit.AuditFixtures.JWKS;
import static io.aigw.filters.audit.AuditFixtures.SIGNER;
import static io.aigw.filters.audit.AuditFixtures.lines;
import static io.aigw.filters.audit.AuditFixtures.served;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anchor (issue 14, item 8): each checkpoint head goes to a witness directory, and
 * {@code verify --anchor} catches what the log alone cannot: its tail cut back to an earlier
 * checkpoint, emptied, or deleted while the gateway was stopped. A witness that hangs or fails never
 * holds the writer up.
 */
class AuditAnchorTest {

    private static final String DAY1 = "audit-2026-11-24.jsonl";
    private static final String DAY2 = "audit-2026-11-25.jsonl";

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T02:00:00Z"));

    private Path dir() {
        return tmp.resolve("audit");
    }

    private Path witnessDir() {
        return tmp.resolve("witness");
    }

    /** Day 1: two records and a checkpoint, twice, then close (final checkpoint); day 2 the same. */
    private void writeTwoDays() {
        for (String day : List.of("2026-11-24T02:00:00Z", "2026-11-25T02:00:00Z")) {
            clock.set(Instant.parse(day));
            try (AuditWitness witness = new AuditWitness(List.of(new DirectoryWitness(witnessDir())));
                 AuditWriter writer = AuditWriter.start(AuditWriterConfig.defaults(dir()), SIGNER, clock,
                         AuditFileOpener.DEFAULT, witness)) {
                for (int round = 0; round < 2; round++) {
                    writer.offer(served("a" + round, clock.instant(), "acme"));
                    writer.offer(served("b" + round, clock.instant(), "acme"));
                    writer.checkpoint().join();
                }
                writer.close(); // final checkpoint before the witness stops
            }
        }
    }

    private AuditVerification verifyAnchored() {
        return AuditVerifier.verify(dir(), JWKS, true, witnessDir());
    }

    @Test
    void everyCheckpointHeadReachesTheWitnessAndAnIntactLogVerifiesAgainstIt() throws IOException {
        writeTwoDays();

        List<String> heads = lines(witnessDir().resolve(DirectoryWitness.FILE_NAME));
        long checkpoints = lines(dir().resolve(DAY1)).stream().filter(l -> l.contains("\"checkpoint\"")).count()
                + lines(dir().resolve(DAY2)).stream().filter(l -> l.contains("\"checkpoint\"")).count();
        assertThat(heads).hasSize((int) checkpoints);
        List<String> day2 = lines(dir().resolve(DAY2));
        String lastLine = day2.get(day2.size() - 1);
        CheckpointHead last = CheckpointHead.parse(heads.get(heads.size() - 1).getBytes(StandardCharsets.UTF_8));
        assertThat(last.hash()).isEqualTo(AuditHash.of(lastLine.getBytes(StandardCharsets.UTF_8)));
        assertThat(last.file()).isEqualTo(DAY2);

        AuditVerification v = verifyAnchored();
        assertThat(v.valid()).as(v.toJson()).isTrue();
        assertThat(v.anchorHeads()).isEqualTo(checkpoints);
    }

    @Test
    void aTailCutBackToAnEarlierCheckpointWhileStoppedIsCaughtOnlyByTheAnchor() throws IOException {
        writeTwoDays();
        Path day2 = dir().resolve(DAY2);
        List<String> lines = lines(day2);
        int firstCheckpoint = indexOfFirst(lines, "\"checkpoint\"");
        AuditFixtures.writeLines(day2, lines.subList(0, firstCheckpoint + 1));

        assertThat(AuditVerifier.verify(dir(), JWKS, true).valid()).as("the log alone cannot tell").isTrue();
        AuditVerification v = verifyAnchored();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadLine().reason()).isEqualTo("anchor_beyond_end");
        assertThat(v.firstBadLine().detail()).contains("tail was cut");
    }

    @Test
    void anEmptiedNewestFileIsCaughtByTheAnchor() throws IOException {
        writeTwoDays();
        Files.write(dir().resolve(DAY2), new byte[0], StandardOpenOption.TRUNCATE_EXISTING);

        assertThat(AuditVerifier.verify(dir(), JWKS, true).valid()).isTrue();
        assertThat(verifyAnchored().firstBadLine().reason()).isEqualTo("anchor_beyond_end");
    }

    @Test
    void aDeletedNewestFileIsCaughtByTheAnchor() throws IOException {
        writeTwoDays();
        Files.delete(dir().resolve(DAY2));

        assertThat(AuditVerifier.verify(dir(), JWKS, true).valid()).isTrue();
        assertThat(verifyAnchored().firstBadLine().reason()).isEqualTo("anchor_beyond_end");
    }

    @Test
    void aCutTailThatAStartedWriterChainedPastIsAMismatchAtTheAnchoredSeq() throws IOException {
        writeTwoDays();
        Path day2 = dir().resolve(DAY2);
        List<String> lines = lines(day2);
        AuditFixtures.writeLines(day2, lines.subList(0, indexOfFirst(lines, "\"checkpoint\"") + 1));
        try (AuditWriter writer = AuditWriter.start(AuditWriterConfig.defaults(dir()), SIGNER, clock)) {
            for (int i = 0; i < 10; i++) {
                writer.offer(served("new" + i, clock.instant(), "acme"));
            }
        }

        assertThat(AuditVerifier.verify(dir(), JWKS, true).valid()).isTrue();
        assertThat(verifyAnchored().firstBadLine().reason()).isEqualTo("anchor_mismatch");
    }

    @Test
    void aDeletedMiddleDayIsNamedAsAMissingFile() throws IOException {
        writeTwoDays();
        clock.set(Instant.parse("2026-11-26T02:00:00Z"));
        try (AuditWriter writer = AuditWriter.start(AuditWriterConfig.defaults(dir()), SIGNER, clock)) {
            writer.offer(served("day3", clock.instant(), "acme"));
        }
        Files.delete(dir().resolve(DAY2));

        AuditVerification v = AuditVerifier.verify(dir(), JWKS, true);
        assertThat(v.firstBadLine().reason()).isEqualTo("missing_file");
        assertThat(v.firstBadLine().detail()).contains(DAY1);
    }

    @Test
    void theCliTakesTheWitnessDirectory() throws IOException {
        writeTwoDays();
        Path jwks = tmp.resolve("jwks.json");
        Files.writeString(jwks, JWKS.toJson());
        Files.delete(dir().resolve(DAY2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int withoutAnchor = AuditVerifyCli.run(new String[] {"--require-final-checkpoint", dir().toString(), jwks.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        int withAnchor = AuditVerifyCli.run(new String[] {"--anchor", witnessDir().toString(), dir().toString(),
                jwks.toString()}, new PrintStream(out), new PrintStream(err));

        assertThat(withoutAnchor).isEqualTo(AuditVerifyCli.VALID);
        assertThat(withAnchor).isEqualTo(AuditVerifyCli.INVALID);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"reason\":\"anchor_beyond_end\"");
        assertThat(AuditVerifyCli.run(new String[] {"--anchor", tmp.resolve("nowhere").toString(), dir().toString(),
                jwks.toString()}, new PrintStream(out), new PrintStream(err))).isEqualTo(AuditVerifyCli.USAGE);
    }

    @Test
    void aHangingOrFailingWitnessNeverHoldsTheWriterUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        WitnessSink hanging = new WitnessSink() {
            @Override
            public void send(CheckpointHead head) throws IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("witness down (test)");
            }

            @Override
            public String describe() {
                return "test witness";
            }
        };
        AuditWitness witness = new AuditWitness(List.of(hanging));
        try (AuditWriter writer = AuditWriter.start(AuditWriterConfig.defaults(dir()).withCheckpointEveryLines(1)
                .withCheckpointEvery(Duration.ofSeconds(60)), SIGNER, clock, AuditFileOpener.DEFAULT, witness)) {
            long start = System.nanoTime();
            for (int i = 0; i < AuditWitness.CAPACITY * 2; i++) {
                writer.tryReserve().orElseThrow().commit(served("r" + i, clock.instant(), "acme")).get(10, TimeUnit.SECONDS);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(witness.dropped()).as("bounded: the oldest heads are dropped").isPositive();
        } finally {
            release.countDown();
            witness.close();
        }
        assertThat(witness.failed()).isPositive();
        assertThat(witness.sent()).isZero();
    }

    private static int indexOfFirst(List<String> lines, String needle) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + needle);
    }
}
