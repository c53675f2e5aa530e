package io.aigw.bench;

import io.aigw.filters.label.AnswerLabeling;
import io.aigw.filters.label.AnswerSubject;
import io.aigw.filters.label.ExplicitLabel;
import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.label.LabeledAnswer;
import io.aigw.filters.label.Labeler;
import io.aigw.filters.label.ProduceIdGenerator;
import io.aigw.filters.label.ReceiptClaims;
import io.aigw.filters.label.Receipts;
import io.aigw.filters.label.SigningKeys;
import io.aigw.filters.label.ReceiptVerifier;
import java.time.Clock;
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
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Per-answer overhead of labeling (issue 5): explicit label, ProduceID, incremental content hash,
 * Ed25519 receipt, AIGC metadata, AI-Disclosure, over a typical ~1 KB answer. Baselines in the
 * same run: hashing the answer alone and signing one receipt alone. {@code provider} compares the
 * JDK's Ed25519 with BouncyCastle's through {@code SigningKeys.withSignatureProvider}.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar LabelingBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LabelingBenchmark {

    private static final AnswerSubject SUBJECT =
            new AnswerSubject("acme-chat", "001191110102MAD55U9H0F10002", "qwen-max");

    @Param({"jdk", "bc"})
    public String provider;

    private Labeler labeler;
    private ExplicitLabel label;
    private SigningKeys keys;
    private String answer;
    private String[] deltas;
    private ReceiptClaims claims;

    @Setup
    public void setUp() {
        Clock clock = Clock.systemUTC();
        SigningKeys generated = SigningKeys.generateInMemory();
        keys = provider.equals("bc") ? generated.withSignatureProvider(new BouncyCastleProvider()) : generated;
        labeler = new Labeler(LabelConfig.DEFAULTS, "Acme Ltd", () -> keys, new ProduceIdGenerator(clock), clock);
        label = LabelConfig.DEFAULTS.resolve(null, null);
        // ~1 KB of UTF-8: mixed Chinese and ASCII, as a chat answer would be.
        answer = "人工智能生成内容标识办法要求显式标识。 The gateway labels every answer, streaming or not. "
                .repeat(9); // 981 UTF-8 bytes
        deltas = new String[32];
        int step = answer.length() / deltas.length;
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = answer.substring(i * step, i == deltas.length - 1 ? answer.length() : (i + 1) * step);
        }
        claims = new ReceiptClaims("019ab6f4-6c1e-7a3b-9d2e-5f1a2b3c4d5e", "acme-chat", "qwen-max", 1_764_000_000L,
                Receipts.contentSha256(answer), "prefix", true);
        // The provider must produce receipts the JDK verifies, or the comparison is meaningless.
        AnswerLabeling probe = labeler.start(SUBJECT, label);
        String text = probe.labelWhole(answer);
        if (!ReceiptVerifier.verify(text, probe.finish().receipt(), keys.jwks()).valid()) {
            throw new IllegalStateException(provider + " produced a receipt that does not verify");
        }
    }

    /** A streamed answer in 32 deltas: prefix, deltas, suffix, finish (receipt + AIGC JSON + headers). */
    @Benchmark
    public Object labelStreamedAnswer() {
        AnswerLabeling a = labeler.start(SUBJECT, label);
        String head = a.disclosureHeader() + a.provisionalAigcJson() + a.takePrefix();
        for (String d : deltas) {
            a.delivered(d);
        }
        a.takeSuffix();
        LabeledAnswer done = a.finish();
        return head.length() + done.aigcJson().length() + done.receipt().length();
    }

    /** A non-streaming answer: labelWhole, finish, AIGC JSON and disclosure header. */
    @Benchmark
    public Object labelWholeAnswer() {
        AnswerLabeling a = labeler.start(SUBJECT, label);
        String text = a.labelWhole(answer);
        LabeledAnswer done = a.finish();
        return text.length() + done.aigcJson().length() + done.receipt().length() + done.disclosureHeader().length();
    }

    /** Baseline: SHA-256 of the answer only. */
    @Benchmark
    public String baselineHashOnly() {
        return Receipts.contentSha256(answer);
    }

    /** Baseline: one Ed25519 receipt signature only (claims JSON + JWS). */
    @Benchmark
    public String baselineSignOnly() {
        return keys.signer().sign(claims);
    }
}
