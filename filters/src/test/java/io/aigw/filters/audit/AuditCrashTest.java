package io.aigw.filters.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.aigw.filters.audit.AuditVerification.BadLine;
import io.aigw.filters.label.Jwks;
import io.aigw.filters.label.SigningKeyDirectory;
import io.aigw.filters.label.SigningKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} under load: a child JVM writes records in a loop and is killed at an arbitrary
 * moment. The chain up to the last complete line must verify; a torn last line (the kill's, or
 * one cut deterministically) must be reported, and a restart must acknowledge it and go on.
 */
class AuditCrashTest {

    private static final long ENOUGH_BYTES = 256 * 1024;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void aKilledWriterLeavesAVerifiableChainAndAReportedTornLine() throws Exception {
        Path dir = tmp.resolve("audit");
        Path keyDir = tmp.resolve("audit-keys");
        SigningKeys keys = new SigningKeyDirectory(keyDir, Clock.systemUTC()).loadOrCreate();
        Jwks jwks = keys.jwks();
        Path log = tmp.resolve("child.log");

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AuditCrashChild.class.getName(),
                dir.toString(), keyDir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (totalBytes(dir) < ENOUGH_BYTES) {
                if (!child.isAlive()) {
                    fail("the child died on its own: " + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("the child wrote only " + totalBytes(dir) + " bytes in " + PATIENCE);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        Path last = lastFile(dir);
        long completeLines = completeLines(dir);
        boolean tornByKill = lastByte(last) != '\n';

        AuditVerification afterKill = AuditVerifier.verify(dir, jwks);
        assertThat(afterKill.lines()).as(afterKill.toJson()).isEqualTo(completeLines);
        if (tornByKill) {
            assertThat(afterKill.firstBadLine()).extracting(BadLine::reason).isEqualTo("torn_line");
        } else {
            assertThat(afterKill.valid()).as(afterKill.toJson()).isTrue();
            assertThat(afterKill.records()).isGreaterThan(50);
        }

        // Cut the last complete line in half: a torn line, deterministically.
        byte[] bytes = Files.readAllBytes(last);
        int end = lastIndexOf(bytes, bytes.length, (byte) '\n');
        int lastLineStart = lastIndexOf(bytes, end, (byte) '\n') + 1;
        Files.write(last, Arrays.copyOf(bytes, lastLineStart + (end - lastLineStart) / 2));
        long linesInLast = completeLinesIn(last);

        AuditVerification torn = AuditVerifier.verify(dir, jwks);
        assertThat(torn.valid()).isFalse();
        assertThat(torn.firstBadLine()).extracting(BadLine::file, BadLine::line, BadLine::reason)
                .containsExactly(last.getFileName().toString(), linesInLast + 1, "torn_line");
        assertThat(torn.lines()).isEqualTo(completeLines - 1);

        // A restart keeps the fragment, acknowledges it, and signs what the crash left unsigned.
        AuditWriterConfig config = AuditWriterConfig.defaults(dir);
        try (AuditWriter writer = AuditWriter.start(config, Ed25519AuditSigner.of(keys), Clock.systemUTC())) {
            assertThat(writer.offer(AuditFixtures.served("after-restart", Instant.now(), "acme"))).isTrue();
        }
        AuditVerification recovered = AuditVerifier.verify(dir, jwks, true);
        assertThat(recovered.valid()).as(recovered.toJson()).isTrue();
        assertThat(recovered.tornLines()).isEqualTo(1);
        // the complete lines before the cut, the fragment, the restart line, the checkpoint that signs
        // the crash's tail, the new record and the final checkpoint
        assertThat(recovered.lines()).isEqualTo(completeLines - 1 + 1 + 4);
    }

    private static long totalBytes(Path dir) {
        long total = 0;
        for (Path p : AuditFiles.list(dir)) {
            try {
                total += Files.size(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }

    private static Path lastFile(Path dir) {
        List<Path> files = AuditFiles.list(dir);
        return files.get(files.size() - 1);
    }

    private static long completeLines(Path dir) throws IOException {
        long n = 0;
        for (Path p : AuditFiles.list(dir)) {
            n += completeLinesIn(p);
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

    private static int lastByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return bytes.length == 0 ? -1 : bytes[bytes.length - 1];
    }

    private static int lastIndexOf(byte[] bytes, int before, byte b) {
        for (int i = before - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
