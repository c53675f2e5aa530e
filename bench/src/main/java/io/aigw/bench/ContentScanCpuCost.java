package io.aigw.bench;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import io.aigw.filters.content.Action;
import io.aigw.filters.content.ContentPolicy;
import io.aigw.filters.content.Evasions;
import io.aigw.filters.content.LexiconMatcher;
import io.aigw.filters.content.SyntheticLexicon;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * Thread CPU time per 1 MiB scan, aigw ({@link ContentPolicy#scan}, every normalization on, PII off) and
 * hankcs exact matching taking turns, on the data of {@link ContentScanBenchmark} (mixed, Chinese-only
 * and Latin-only text). A companion to that benchmark for shared, loaded machines: each round times
 * both scanners back to back, so the per-round ratio compares them under the same load, where JMH's
 * sequential runs can each meet a different load.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.aigw.bench.ContentScanCpuCost [rounds]}
 * (default 30, after 15 warm-up rounds).
 */
public final class ContentScanCpuCost {

    private static final int WARM_UP = 15;

    private ContentScanCpuCost() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        SyntheticLexicon lexicon = SyntheticLexicon.generate(42L, 10_000);
        // -Devasions=none: exact spellings only (the folds), to see what the evasion spellings cost.
        boolean none = "none".equals(System.getProperty("evasions"));
        LexiconMatcher matcher = lexicon.matcher(LexiconMatcher.DEFAULT_MAX_GAP, none ? Evasions.NONE : Evasions.DEFAULTS);
        System.out.println("[content] evasions " + (none ? "none" : "defaults") + ": " + matcher);
        ContentPolicy policy = ContentPolicy.builder().lexicon(matcher)
                .piiDetection(false).defaultAction(Action.FLAG).build();
        TreeMap<String, String> map = new TreeMap<>();
        lexicon.termsByCategory().forEach((category, list) -> list.forEach(t -> map.put(t, category)));
        AhoCorasickDoubleArrayTrie<String> hankcs = new AhoCorasickDoubleArrayTrie<>();
        hankcs.build(map);
        String[] scripts = {"mixed", "chinese", "latin"};
        int[] chineseTenths = {7, 10, 0};
        long sink = 0;
        for (int k = 0; k < scripts.length; k++) {
            String text = lexicon.text(7L, 1 << 20, 20, chineseTenths[k]);
            long[] aigw = new long[rounds];
            long[] exact = new long[rounds];
            double[] ratio = new double[rounds];
            for (int round = -WARM_UP; round < rounds; round++) {
                long cpu0 = mx.getCurrentThreadCpuTime();
                sink += policy.scan(text).matches().size();
                long cpu1 = mx.getCurrentThreadCpuTime();
                int[] hits = new int[1];
                hankcs.parseText(text, (AhoCorasickDoubleArrayTrie.IHit<String>) (begin, end, value) -> hits[0]++);
                long cpu2 = mx.getCurrentThreadCpuTime();
                sink += hits[0];
                if (round >= 0) {
                    aigw[round] = cpu1 - cpu0;
                    exact[round] = cpu2 - cpu1;
                    ratio[round] = (double) exact[round] / aigw[round];
                }
            }
            Arrays.sort(aigw);
            Arrays.sort(exact);
            Arrays.sort(ratio);
            System.out.printf("%-7s %d chars: aigw min %.2f / median %.2f ms CPU, hankcs min %.2f / median %.2f ms CPU;"
                            + " hankcs/aigw per round: median %.2f× (quartiles %.2f–%.2f)%n",
                    scripts[k], text.length(), aigw[0] / 1e6, aigw[rounds / 2] / 1e6, exact[0] / 1e6,
                    exact[rounds / 2] / 1e6, ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4]);
        }
        System.out.println("(sink " + sink % 10 + ")");
    }
}
