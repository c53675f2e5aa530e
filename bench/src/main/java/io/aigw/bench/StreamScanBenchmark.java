package io.aigw.bench;

import io.aigw.filters.content.Action;
import io.aigw.filters.content.ContentPolicy;
import io.aigw.filters.content.LexiconMatcher;
import io.aigw.filters.content.StreamScanner;
import io.aigw.filters.content.SyntheticLexicon;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one streamed delta through {@link StreamScanner#accept} (scan + hold-back + release), with the
 * 10,000-term synthetic lexicon and PII detectors; every category masks, so the stream never stops. The
 * text is the benchmark's 1 MiB mixed text cut into {@code chunkChars}-char deltas (LLM deltas are
 * typically 1-20 chars); a new scanner starts when the text is used up.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StreamScanBenchmark {

    @Param({"4", "16"})
    public int chunkChars;

    private String[] chunks;
    private ContentPolicy policy;
    private StreamScanner scanner;
    private int next;
    private long heldSum;
    private long calls;
    private int rounds;

    @Setup
    public void setUp() {
        SyntheticLexicon lexicon = SyntheticLexicon.generate(42L, 10_000);
        String text = lexicon.text(7L, 1 << 20, 20);
        chunks = new String[(text.length() + chunkChars - 1) / chunkChars];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = text.substring(i * chunkChars, Math.min(text.length(), (i + 1) * chunkChars));
        }
        policy = ContentPolicy.builder().lexicon(lexicon.matcher(LexiconMatcher.DEFAULT_MAX_GAP))
                .defaultAction(Action.MASK).build();
        scanner = policy.newStreamScanner();
        System.out.printf("%n[stream] %d deltas of %d chars; hold-back limit %d chars%n",
                chunks.length, chunkChars, policy.holdBackLimit());
    }

    @Benchmark
    public String acceptDelta() {
        if (next == chunks.length) {
            scanner.finish();
            scanner = policy.newStreamScanner();
            next = 0;
            if (++rounds == 1) {
                System.out.printf("%n[stream] mean held back after a delta: %.2f chars%n", (double) heldSum / calls);
            }
        }
        String out = scanner.accept(chunks[next++]);
        heldSum += scanner.heldBack();
        calls++;
        return out;
    }
}
