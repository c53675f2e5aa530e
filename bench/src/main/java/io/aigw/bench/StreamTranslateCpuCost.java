package io.aigw.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Thread CPU time per chunk of the {@link StreamTranslateBenchmark} methods, run interleaved round by
 * round: a companion for shared, loaded machines, where JMH's wall-clock figures swing with other
 * processes while CPU time stays comparable. Prints each variant's median and best, and the
 * scan / tree-decode ratios.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.aigw.bench.StreamTranslateCpuCost}
 */
public final class StreamTranslateCpuCost {

    private static final int ROUNDS = 15;
    private static final int CHUNKS_PER_ROUND = 200_000;

    private StreamTranslateCpuCost() {
    }

    public static void main(String[] args) {
        StreamTranslateBenchmark bench = new StreamTranslateBenchmark();
        bench.setUp();
        Map<String, IntSupplier> variants = new LinkedHashMap<>();
        variants.put("openAiScan", bench::openAiScan);
        variants.put("openAiTreeDecode", bench::openAiTreeDecode);
        variants.put("openAiTreeParseOnly", () -> bench.openAiTreeParseOnly().size());
        variants.put("anthropicScan", bench::anthropicScan);
        variants.put("anthropicTreeDecode", bench::anthropicTreeDecode);
        variants.put("anthropicTreeParseOnly", () -> bench.anthropicTreeParseOnly().size());
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, double[]> nanos = new LinkedHashMap<>();
        variants.keySet().forEach(name -> nanos.put(name, new double[ROUNDS]));
        long sink = 0;
        for (int round = -3; round < ROUNDS; round++) { // three warm-up rounds
            for (Map.Entry<String, IntSupplier> variant : variants.entrySet()) {
                long cpu0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < CHUNKS_PER_ROUND; i++) {
                    sink += variant.getValue().getAsInt();
                }
                if (round >= 0) {
                    nanos.get(variant.getKey())[round] = (mx.getCurrentThreadCpuTime() - cpu0) / (double) CHUNKS_PER_ROUND;
                }
            }
        }
        for (Map.Entry<String, double[]> e : nanos.entrySet()) {
            double[] sorted = e.getValue().clone();
            Arrays.sort(sorted);
            System.out.printf("%-24s median %6.0f ns CPU per chunk, best %6.0f%n", e.getKey(), sorted[ROUNDS / 2], sorted[0]);
        }
        System.out.printf("scan / tree decode (medians): OpenAI %.2f, Anthropic %.2f (sink %d)%n",
                median(nanos.get("openAiScan")) / median(nanos.get("openAiTreeDecode")),
                median(nanos.get("anthropicScan")) / median(nanos.get("anthropicTreeDecode")), sink % 10);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
