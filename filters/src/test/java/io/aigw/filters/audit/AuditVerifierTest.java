package io.aigw.filters.audit;

import io.aigw.filters.MutableClock;
import static io.aigw.filters.audit.AuditFixtures.JWKS;
import static io.aigw.filters.audit.AuditFixtures.SIGNER;
import static io.aigw.filters.audit.AuditFixtures.lines;
import static io.aigw.filters.audit.AuditFixtures.served;
import static io.aigw.filters.audit.AuditFixtures.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditVerification.BadLine;
import io.aigw.filters.label.Ed25519Keys;
import io.aigw.filters.label.Jwks;
import io.aigw.filters.label.SigningKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampers with a three-day log in every way and expects the exact first bad line. The log, with
 * a checkpoint every 3 records and one closing each day file, is 18 lines:
 * <pre>
 * audit-2026-11-24.jsonl  r1 r2 r3 C4 r5 C6
 * audit-2026-11-25.jsonl  r7 r8 r9 C10 r11 C12
 * audit-2026-11-26.jsonl  r13 r14 r15 C16 r17 C18   (C18: clean shutdown)
 * </pre>
 */
class AuditVerifierTest {

    private static final String DAY1 = "audit-2026-11-24.jsonl";
    private static final String DAY2 = "audit-2026-11-25.jsonl";
    private static final String DAY3 = "audit-2026-11-26.jsonl";

    @TempDir
    Path dir;

    @BeforeEach
    void writeThreeDays() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T02:00:00Z"));
        AuditWriterConfig config = AuditWriterConfig.defaults(dir).withCheckpointEveryLines(3);
        try (AuditWriter writer = AuditWriter.start(config, SIGNER, clock)) {
            for (int day = 0; day < 3; day++) {
                if (day > 0) {
                    clock.advance(Duration.ofDays(1));
                }
                for (int i = 0; i < 4; i++) {
                    writer.offer(served("d" + day + "r" + i, clock.instant(), "acme"));
                }
                writer.flush().join();
            }
        }
    }

    @Test
    void anIntactLogVerifies() {
        AuditVerification v = AuditVerifier.verify(dir, JWKS, true);

        assertThat(v.valid()).as(v.toJson()).isTrue();
        assertThat(v.lines()).isEqualTo(18);
        assertThat(v.records()).isEqualTo(12);
        assertThat(v.checkpoints()).isEqualTo(6);
        assertThat(v.lastCheckpoint().seq()).isEqualTo(18);
        assertThat(v.firstBadLine()).isNull();
        assertThat(v.toJson()).startsWith("{\"valid\":true,\"lines\":18,")
                .endsWith("\"firstBadLine\":null,\"recoveredUnsigned\":0,\"recovered\":[],\"anchorHeads\":-1}");
    }

    @Test
    void anEditedFieldIsReportedAtTheEditedLine() {
        edit(DAY2, 2, "\"product\":\"acme\"", "\"product\":\"evil\"");

        expectBad(DAY2, 2, "hash_mismatch", 7);
    }

    @Test
    void aDeletedLineIsReportedWhereItWas() {
        List<String> lines = lines(file(DAY2));
        lines.remove(1);
        writeLines(file(DAY2), lines);

        expectBad(DAY2, 2, "seq_mismatch", 7);
    }

    @Test
    void anInsertedCopyIsReportedAtTheInsertedLine() {
        List<String> lines = lines(file(DAY2));
        lines.add(2, lines(file(DAY1)).get(0));
        writeLines(file(DAY2), lines);

        expectBad(DAY2, 3, "seq_mismatch", 8);
    }

    @Test
    void aForgedInsertionIsReportedAtTheNextRealLine() {
        List<String> lines = lines(file(DAY2));
        String prev = AuditHash.of(lines.get(1).getBytes(StandardCharsets.UTF_8));
        String forged = new String(new AuditLineFormat(false).record(9, prev,
                served("forged", Instant.parse("2026-11-25T03:00:00Z"), "acme")), StandardCharsets.UTF_8);
        lines.add(2, forged);
        writeLines(file(DAY2), lines);

        expectBad(DAY2, 4, "seq_mismatch", 9);
    }

    @Test
    void swappedLinesAreReportedAtTheFirstOfThem() {
        List<String> lines = lines(file(DAY2));
        String second = lines.get(1);
        lines.set(1, lines.get(2));
        lines.set(2, second);
        writeLines(file(DAY2), lines);

        expectBad(DAY2, 2, "seq_mismatch", 7);
    }

    @Test
    void aFileTruncatedAtALineBoundaryLeavesAnUnsignedTail() {
        writeLines(file(DAY3), lines(file(DAY3)).subList(0, 5));

        AuditVerification live = AuditVerifier.verify(dir, JWKS);
        assertThat(live.valid()).isTrue();
        assertThat(live.unsignedTail()).isEqualTo(1);
        assertThat(live.lastCheckpoint().seq()).isEqualTo(16);
        expectBad(DAY3, 5, "unsigned_tail", 16);
    }

    @Test
    void removingTheLastCheckpointIsReportedForAStoppedLog() {
        List<String> lines = lines(file(DAY3));
        lines.remove(5);
        writeLines(file(DAY3), lines);

        expectBad(DAY3, 5, "unsigned_tail", 16);
    }

    @Test
    void aFileTruncatedMidLineIsATornLine() throws IOException {
        byte[] bytes = Files.readAllBytes(file(DAY3));
        int fifthLineStart = nthLineStart(bytes, 5);
        Files.write(file(DAY3), Arrays.copyOf(bytes, fifthLineStart + 40));

        AuditVerification v = AuditVerifier.verify(dir, JWKS);
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadLine()).extracting(BadLine::file, BadLine::line, BadLine::reason)
                .containsExactly(DAY3, 5L, "torn_line");
        assertThat(v.lines()).isEqualTo(16);
    }

    @Test
    void aDeletedDayFileInTheMiddleIsReportedAtTheNextFile() throws IOException {
        Files.delete(file(DAY2));

        expectBad(DAY3, 1, "missing_file", 6);
    }

    @Test
    void aDeletedFirstDayFileIsAMissingChainStart() throws IOException {
        Files.delete(file(DAY1));

        expectBad(DAY2, 1, "chain_start_missing", 0);
    }

    @Test
    void anEditedCheckpointFailsItsSignature() {
        edit(DAY1, 4, "\"time\":\"2026-11-24T02:00:00Z\"", "\"time\":\"2026-11-24T02:00:01Z\"");

        expectBad(DAY1, 4, "bad_signature", 3);
    }

    @Test
    void anEditedFinalCheckpointFailsItsSignature() {
        List<String> lines = lines(file(DAY3));
        String last = lines.get(5);
        int sig = last.indexOf("\"sig\":\"") + 7;
        char c = last.charAt(sig);
        lines.set(5, last.substring(0, sig) + (c == 'A' ? 'B' : 'A') + last.substring(sig + 1));
        writeLines(file(DAY3), lines);

        expectBad(DAY3, 6, "bad_signature", 17);
    }

    @Test
    void aCheckpointByAnUnknownKeyIsReported() {
        Jwks other = new Jwks(List.of(SigningKey.of(Ed25519Keys.generate()).jwk()));

        AuditVerification v = AuditVerifier.verify(dir, other);

        assertThat(v.firstBadLine()).extracting(BadLine::file, BadLine::line, BadLine::reason)
                .containsExactly(DAY1, 4L, "unknown_kid");
    }

    @Test
    void garbageIsMalformed() {
        List<String> lines = lines(file(DAY1));
        lines.set(2, "not json");
        writeLines(file(DAY1), lines);

        expectBad(DAY1, 3, "malformed", 2);
    }

    @Test
    void commandLineVerifierPrintsTheResultAndExitsWithItsStatus() throws IOException {
        Path jwks = Files.writeString(dir.resolveSibling(dir.getFileName() + "-keys.json"), JWKS.toJson());
        try {
            Cli ok = cli("--require-final-checkpoint", dir.toString(), jwks.toString());
            assertThat(ok.status).isEqualTo(AuditVerifyCli.VALID);
            assertThat(ok.out).startsWith("{\"valid\":true,\"lines\":18,");

            edit(DAY2, 2, "\"product\":\"acme\"", "\"product\":\"evil\"");
            Cli bad = cli(dir.toString(), jwks.toString());
            assertThat(bad.status).isEqualTo(AuditVerifyCli.INVALID);
            assertThat(bad.out).contains("\"firstBadLine\":{\"file\":\"" + DAY2 + "\",\"line\":2,\"reason\":\"hash_mismatch\"");

            assertThat(cli(dir.toString()).status).isEqualTo(AuditVerifyCli.USAGE);
            Cli missing = cli(dir.toString(), dir.resolve("nope.json").toString());
            assertThat(missing.status).isEqualTo(AuditVerifyCli.USAGE);
            assertThat(missing.err).contains("nope.json");
        } finally {
            Files.delete(jwks);
        }
    }

    private void expectBad(String file, long line, String reason, long goodLines) {
        AuditVerification v = AuditVerifier.verify(dir, JWKS, true);
        assertThat(v.valid()).as(v.toJson()).isFalse();
        assertThat(v.firstBadLine()).as(v.toJson()).extracting(BadLine::file, BadLine::line, BadLine::reason)
                .containsExactly(file, line, reason);
        assertThat(v.lines()).as(v.toJson()).isEqualTo(goodLines);
    }

    private void edit(String name, int lineNumber, String from, String to) {
        List<String> lines = lines(file(name));
        String line = lines.get(lineNumber - 1);
        assertThat(line).contains(from);
        lines.set(lineNumber - 1, line.replace(from, to));
        writeLines(file(name), lines);
    }

    private Path file(String name) {
        return dir.resolve(name);
    }

    private static int nthLineStart(byte[] bytes, int n) {
        int line = 1;
        for (int i = 0; i < bytes.length && line < n; i++) {
            if (bytes[i] == '\n') {
                line++;
                if (line == n) {
                    return i + 1;
                }
            }
        }
        throw new IllegalArgumentException("no line " + n);
    }

    private record Cli(int status, String out, String err) {
    }

    private static Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AuditVerifyCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
