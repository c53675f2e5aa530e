package io.aigw.filters.audit;

import static io.aigw.filters.audit.AuditFixtures.JWKS;
import static io.aigw.filters.audit.AuditFixtures.SIGNER;
import static io.aigw.filters.audit.AuditFixtures.lines;
import static io.aigw.filters.audit.AuditFixtures.served;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.MutableClock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit files changed under a running writer (deleted, truncated, emptied) and a line added while
 * no writer ran (issue 14, item 8): the writer notices, logs ERROR and continues in a new segment
 * whose first line records the break, which the verifier reports; a forged line found at start-up
 * is reported as recovered, unsigned by the writer.
 */
class AuditTamperTest {

    private static final String DAY = "audit-2026-11-24.jsonl";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T02:00:00Z"));

    private AuditWriterConfig config() {
        return AuditWriterConfig.defaults(dir).withCheckpointEveryLines(1000);
    }

    private void write(AuditWriter writer, String... ids) {
        for (String id : ids) {
            assertThat(writer.offer(served(id, clock.instant(), "acme"))).isTrue();
        }
        writer.flush().join();
    }

    @Test
    void deletingTheDayFileUnderTheWriterStartsANewSegmentThatTheVerifierReports() throws IOException {
        try (LogCapture log = new LogCapture(AuditWriter.class);
             AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            write(writer, "a", "b", "c");
            Files.delete(dir.resolve(DAY));
            write(writer, "d", "e");

            assertThat(log.errors()).singleElement().asString().contains(DAY).contains("deleted");
        }

        List<String> lines = lines(dir.resolve(DAY));
        assertThat(lines.get(0)).startsWith("{\"type\":\"break\",\"seq\":4,").contains("\"reason\":\"deleted\"");
        assertThat(String.join("\n", lines)).contains("\"request_id\":\"d\"", "\"request_id\":\"e\"");
        AuditVerification v = AuditVerifier.verify(dir, JWKS);
        assertThat(v.valid()).as(v.toJson()).isFalse();
        assertThat(v.firstBadLine().reason()).isEqualTo("segment_break");
        assertThat(v.firstBadLine().detail()).contains("deleted");
    }

    @Test
    void truncatingTheFileToAnEarlierCheckpointUnderTheWriterIsABreak() throws IOException {
        Path file = dir.resolve(DAY);
        try (LogCapture log = new LogCapture(AuditWriter.class);
             AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            write(writer, "a", "b");
            writer.checkpoint().join();
            long atCheckpoint = Files.size(file);
            write(writer, "c", "d", "e");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(atCheckpoint);
            }
            write(writer, "f");

            assertThat(log.errors()).singleElement().asString().contains("truncated");
        }

        AuditVerification v = AuditVerifier.verify(dir, JWKS);
        assertThat(v.valid()).as(v.toJson()).isFalse();
        assertThat(v.firstBadLine().reason()).isEqualTo("segment_break");
        assertThat(v.firstBadLine().detail()).contains("truncated");
        assertThat(v.lines()).isEqualTo(3); // a, b and the checkpoint
    }

    @Test
    void emptyingTheFileUnderTheWriterIsABreak() throws IOException {
        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            write(writer, "a", "b");
            Files.write(dir.resolve(DAY), new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            write(writer, "c");
        }

        AuditVerification v = AuditVerifier.verify(dir, JWKS);
        assertThat(v.valid()).as(v.toJson()).isFalse();
        assertThat(v.firstBadLine().reason()).isEqualTo("segment_break");
        assertThat(v.lines()).isZero();
    }

    @Test
    void replacingTheFileUnderTheWriterIsABreak() throws IOException {
        Path file = dir.resolve(DAY);
        try (LogCapture log = new LogCapture(AuditWriter.class);
             AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            write(writer, "a", "b");
            Path copy = dir.resolve("copy.tmp");
            Files.copy(file, copy);
            Files.move(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // same bytes, another file
            write(writer, "c");

            assertThat(log.errors()).singleElement().asString().contains("replaced");
        }

        AuditVerification v = AuditVerifier.verify(dir, JWKS);
        assertThat(v.firstBadLine().reason()).isEqualTo("segment_break");
        assertThat(v.lines()).isEqualTo(2);
    }

    @Test
    void anIntactLogUnderAWriterIsNeverABreak() {
        try (LogCapture log = new LogCapture(AuditWriter.class);
             AuditWriter writer = AuditWriter.start(config().withCheckpointEveryLines(3), SIGNER, clock)) {
            for (int i = 0; i < 20; i++) {
                write(writer, "r" + i);
            }
            assertThat(log.errors()).isEmpty();
        }
        AuditVerification v = AuditVerifier.verify(dir, JWKS, true);
        assertThat(v.valid()).as(v.toJson()).isTrue();
        assertThat(v.toJson()).contains("\"recoveredUnsigned\":0");
    }

    @Test
    void aLineAppendedWhileStoppedIsReportedAsRecoveredUnsignedNotBlessed() throws IOException {
        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            write(writer, "a", "b");
        }
        Path file = dir.resolve(DAY);
        List<String> before = lines(file);
        String last = before.get(before.size() - 1);
        long forgedSeq = before.size() + 1L;
        String forged = "{\"type\":\"record\",\"seq\":" + forgedSeq + ",\"prev\":\""
                + AuditHash.of(last.getBytes(StandardCharsets.UTF_8)) + "\",\"request_id\":\"forged\"}";
        Files.writeString(file, forged + "\n", StandardOpenOption.APPEND);

        try (AuditWriter writer = AuditWriter.start(config(), SIGNER, clock)) {
            write(writer, "c");
        }

        AuditVerification v = AuditVerifier.verify(dir, JWKS, true);
        assertThat(v.valid()).as(v.toJson()).isTrue(); // chained, so not a broken chain
        assertThat(v.toJson()).contains("\"recoveredUnsigned\":1",
                "\"recovered\":[{\"file\":\"" + DAY + "\",\"fromSeq\":" + forgedSeq + ",\"toSeq\":" + forgedSeq + "}]");
    }
}
