package io.aigw.bench;

import io.aigw.filters.audit.AuditRecord;
import io.aigw.filters.audit.AuditTicket;
import io.aigw.filters.audit.AuditWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable answers (issue 14, item 7): {@value #EXCHANGES} concurrent exchanges, each committing its
 * audit line and waiting until it is durable before it "answers" again, as the gateway holds an
 * answer's last bytes. Throughput is audit lines per second: {@code batch} is group commit (one force
 * per batch of the lines that queued meanwhile), {@code line} one force per line, {@code none} no force.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar AuditCommitBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(AuditCommitBenchmark.EXCHANGES)
public class AuditCommitBenchmark {

    static final int EXCHANGES = 32;

    @Param({"batch", "line", "none"})
    public String fsync;

    private Path dir;
    private AuditWriter writer;
    private AuditRecord record;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("aigw-audit-commit-bench");
        writer = AuditBenchFixtures.startWriter(dir, fsync, EXCHANGES * 4);
        record = AuditBenchFixtures.servedRecord();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        writer.close();
        AuditBenchFixtures.deleteTree(dir);
    }

    /** One exchange's line: reserve, commit, wait until durable. */
    @Benchmark
    public void commitAndAwaitDurable() {
        Optional<AuditTicket> ticket = writer.tryReserve();
        while (ticket.isEmpty()) {
            Thread.onSpinWait();
            ticket = writer.tryReserve();
        }
        ticket.get().commit(record).join();
    }
}
