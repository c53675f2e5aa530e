package io.aigw.gateway.label;

import io.aigw.filters.label.LabelOutcomes;
import io.aigw.filters.label.LabeledAnswer;
import io.aigw.gateway.metrics.TaggedMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Counts answers per product: {@code aigw.label.answers.generated}, {@code aigw.label.answers.labeled}
 * (every label the answer needs delivered: explicit in each configured position, implicit, receipt),
 * {@code aigw.label.answers.explicit.exempt} (answers that needed no explicit label at all: every choice
 * a structured answer or under the product's opt-out; they count as labeled too, so this tells how many
 * of the labeled ones carry no visible label) and {@code aigw.label.answers.blocked} (refused by the
 * content policy before any generated text went out), tag {@code product}. Prometheus:
 * {@code aigw_label_answers_generated_total} etc. Thread-safe.
 */
final class LabelMetrics implements LabelOutcomes {

    static final String GENERATED = "aigw.label.answers.generated";
    static final String LABELED = "aigw.label.answers.labeled";
    static final String BLOCKED = "aigw.label.answers.blocked";
    static final String EXPLICIT_EXEMPT = "aigw.label.answers.explicit.exempt";

    private final TaggedMeters<Counter> generated;
    private final TaggedMeters<Counter> labeled;
    private final TaggedMeters<Counter> blocked;
    private final TaggedMeters<Counter> explicitExempt;

    LabelMetrics(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        this.generated = TaggedMeters.counters(registry, GENERATED, "Generated answers", "product");
        this.labeled = TaggedMeters.counters(registry, LABELED, "Generated answers that carry every label", "product");
        this.blocked = TaggedMeters.counters(registry, BLOCKED,
                "Answers refused by the content policy before any generated text", "product");
        this.explicitExempt = TaggedMeters.counters(registry, EXPLICIT_EXEMPT,
                "Generated answers that needed no explicit label (structured answers, opt-out)", "product");
    }

    @Override
    public void generated(String product, LabeledAnswer answer) {
        generated.get(product).increment();
        if (answer.fullyLabeled()) {
            labeled.get(product).increment();
        }
        if (!answer.explicitLabelNeeded()) {
            explicitExempt.get(product).increment();
        }
    }

    @Override
    public void blocked(String product) {
        blocked.get(product).increment();
    }
}
