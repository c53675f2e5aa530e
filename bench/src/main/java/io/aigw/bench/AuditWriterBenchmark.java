package io.aigw.bench;

import io.aigw.filters.audit.AuditHash;
import io.aigw.filters.audit.AuditLineFormat;
import io.aigw.filters.audit.AuditRecord;
import io.aigw.filters.audit.AuditWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Audit write cost (issue 6): 1000 records offered and flushed, per fsync policy, against the
 * baseline of rendering and hashing the same 1000 lines without I/O. The gateway pays only the
 * {@code offer} on its own threads; this measures what the single writer thread can sustain.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar AuditWriterBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AuditWriterBenchmark {

    private static final int LINES = 1000;

    @Param({"none", "batch", "line"})
    public String fsync;

    private Path dir;
    private AuditWriter writer;
    private AuditRecord record;
    private final AuditLineFormat format = new AuditLineFormat(false);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("aigw-audit-bench");
        writer = AuditBenchFixtures.startWriter(dir, fsync, LINES * 2);
        record = AuditBenchFixtures.servedRecord();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        writer.close();
        AuditBenchFixtures.deleteTree(dir);
    }

    /** 1000 lines through the writer, then a flush (which forces once whatever the policy). */
    @Benchmark
    public void writeAndFlush1000() {
        for (int i = 0; i < LINES; i++) {
            while (!writer.offer(record)) {
                Thread.onSpinWait();
            }
        }
        writer.flush().join();
    }

    /** Baseline: render and hash 1000 lines, no I/O. */
    @Benchmark
    public String renderAndHash1000() {
        String prev = AuditHash.GENESIS;
        for (int i = 0; i < LINES; i++) {
            prev = AuditHash.of(format.record(i + 1, prev, record));
        }
        return prev;
    }
}
