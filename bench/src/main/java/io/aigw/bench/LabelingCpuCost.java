package io.aigw.bench;

import io.aigw.filters.label.AnswerLabeling;
import io.aigw.filters.label.AnswerSubject;
import io.aigw.filters.label.ExplicitLabel;
import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.label.LabeledAnswer;
import io.aigw.filters.label.Labeler;
import io.aigw.filters.label.ProduceIdGenerator;
import io.aigw.filters.label.SigningKeys;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Thread CPU time per labeled answer (non-streaming, ~1 KB), JDK vs BouncyCastle Ed25519. A
 * companion to {@link LabelingBenchmark} for shared, loaded machines, where JMH's wall-clock
 * figures swing with other processes while CPU time stays comparable.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.aigw.bench.LabelingCpuCost}
 */
public final class LabelingCpuCost {

    private LabelingCpuCost() {
    }

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String answer = "人工智能生成内容标识办法要求显式标识。 The gateway labels every answer, streaming or not. ".repeat(9);
        Clock clock = Clock.systemUTC();
        AnswerSubject subject = new AnswerSubject("acme-chat", "001191110102MAD55U9H0F10002", "qwen-max");
        ExplicitLabel label = LabelConfig.DEFAULTS.resolve(null, null);
        for (String provider : new String[] {"jdk", "bc"}) {
            SigningKeys generated = SigningKeys.generateInMemory();
            SigningKeys keys = provider.equals("bc") ? generated.withSignatureProvider(new BouncyCastleProvider()) : generated;
            Labeler labeler = new Labeler(LabelConfig.DEFAULTS, "Acme Ltd", () -> keys, new ProduceIdGenerator(clock), clock);
            long sink = 0;
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 8; round++) {
                int n = 2_000;
                long cpu0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    AnswerLabeling a = labeler.start(subject, label);
                    sink += a.labelWhole(answer).length();
                    LabeledAnswer done = a.finish();
                    sink += done.aigcJson().length() + done.receipt().length() + done.disclosureHeader().length();
                }
                double perAnswer = (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / n;
                best = Math.min(best, perAnswer);
                System.out.printf("%s round %d: %.1f us CPU per answer%n", provider, round, perAnswer);
            }
            System.out.printf("%s best: %.1f us CPU per answer (sink %d)%n", provider, best, sink % 10);
        }
    }
}
