package io.aigw.bench;

import io.aigw.filters.sse.SseEvent;
import io.aigw.filters.sse.SseParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Cost of parsing one typical OpenAI stream chunk. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SseParserBenchmark {

    private byte[] chunk;
    private final SseParser parser = new SseParser(1 << 20);
    private final List<SseEvent> out = new ArrayList<>();

    @Setup
    public void setUp() {
        chunk = ("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1732000000,"
                + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello there\"},"
                + "\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public List<SseEvent> parseChunk() {
        out.clear();
        parser.feed(chunk, out);
        return out;
    }
}
