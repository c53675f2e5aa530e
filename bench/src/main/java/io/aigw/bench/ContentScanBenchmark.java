package io.aigw.bench;

import com.github.houbb.sensitive.word.bs.SensitiveWordBs;
import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import io.aigw.filters.content.Action;
import io.aigw.filters.content.ContentPolicy;
import io.aigw.filters.content.LexiconMatcher;
import io.aigw.filters.content.SyntheticLexicon;
import io.aigw.filters.content.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
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
 * Whole-text scanning throughput (issue 4): 1 MiB (UTF-8) of seeded mixed Chinese/English text against a
 * seeded lexicon of {@code terms} terms ({@link SyntheticLexicon}: 60% Chinese 2-6 chars, 40% Latin 1-3
 * words), one term injected every 20 sentences. Time per op is for the whole input; MiB/s = input MiB
 * printed at set-up / seconds per op. {@code -p script=chinese,latin} gives the single-script splits
 * (1 MiB of Chinese is about 350k chars, of Latin about 1M chars).
 *
 * <ul>
 *   <li>{@code aigwLexicon}: {@link ContentPolicy#scan} with every normalization on, PII detectors off</li>
 *   <li>{@code aigwLexiconAndPii}: the same with the five PII detectors</li>
 *   <li>{@code hankcsExact}: hankcs AhoCorasickDoubleArrayTrie, exact matching, no normalization</li>
 *   <li>{@code houbbDefaults}: houbb sensitive-word with its default options, on a 64 KiB slice only
 *       (it manages about 0.25 MB/s)</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ContentScanBenchmark {

    @Param("10000")
    public int terms;

    /** The text: {@code mixed} (70% of sentences Chinese), {@code chinese} or {@code latin} only. */
    @Param("mixed")
    public String script;

    private String text;
    private String slice;
    private ContentPolicy lexiconOnly;
    private ContentPolicy lexiconAndPii;
    private AhoCorasickDoubleArrayTrie<String> hankcs;
    private SensitiveWordBs houbb;

    @Setup
    public void setUp() {
        SyntheticLexicon lexicon = SyntheticLexicon.generate(42L, terms);
        int chineseTenths = switch (script) {
            case "mixed" -> 7;
            case "chinese" -> 10;
            case "latin" -> 0;
            default -> throw new IllegalArgumentException("script must be mixed, chinese or latin: " + script);
        };
        text = lexicon.text(7L, 1 << 20, 20, chineseTenths);
        slice = lexicon.text(8L, 64 << 10, 20);
        LexiconMatcher matcher = lexicon.matcher(LexiconMatcher.DEFAULT_MAX_GAP);
        lexiconOnly = ContentPolicy.builder().lexicon(matcher).piiDetection(false).defaultAction(Action.FLAG).build();
        lexiconAndPii = ContentPolicy.builder().lexicon(matcher).defaultAction(Action.FLAG).build();

        TreeMap<String, String> map = new TreeMap<>();
        lexicon.termsByCategory().forEach((category, list) -> list.forEach(t -> map.put(t, category)));
        hankcs = new AhoCorasickDoubleArrayTrie<>();
        hankcs.build(map);

        List<String> deny = lexicon.termsByCategory().entrySet().stream()
                .filter(e -> !e.getKey().equals(LexiconMatcher.ALLOW)).flatMap(e -> e.getValue().stream()).toList();
        List<String> allow = lexicon.termsByCategory().getOrDefault(LexiconMatcher.ALLOW, List.of());
        houbb = SensitiveWordBs.newInstance().wordDeny(() -> deny).wordAllow(() -> allow).init();

        System.out.printf("%n[content] text: %d chars, %d UTF-8 bytes; slice: %d chars, %d UTF-8 bytes; "
                        + "lexicon: %d terms; aigw matches: %d, hankcs hits: %d%n",
                text.length(), text.getBytes(StandardCharsets.UTF_8).length,
                slice.length(), slice.getBytes(StandardCharsets.UTF_8).length,
                terms, lexiconOnly.scan(text).matches().size(), hankcs.parseText(text).size());
    }

    @Benchmark
    public Verdict aigwLexicon() {
        return lexiconOnly.scan(text);
    }

    @Benchmark
    public Verdict aigwLexiconAndPii() {
        return lexiconAndPii.scan(text);
    }

    @Benchmark
    public int hankcsExact() {
        int[] hits = new int[1];
        hankcs.parseText(text, (AhoCorasickDoubleArrayTrie.IHit<String>) (begin, end, value) -> hits[0]++);
        return hits[0];
    }

    @Benchmark
    @Warmup(iterations = 1, time = 2)
    @Measurement(iterations = 3, time = 2)
    public List<String> houbbDefaults() {
        return houbb.findAll(slice);
    }
}
