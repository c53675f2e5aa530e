package io.aigw.gateway.label;

import io.aigw.filters.label.LabeledAnswer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Counts answers per product: {@code aigw.label.answers.generated}, {@code aigw.label.answers.labeled}
 * (every label delivered: explicit in each configured position, implicit, receipt) and
 * {@code aigw.label.answers.blocked} (refused by the content policy before any generated text went
 * out), tag {@code product}. Prometheus: {@code aigw_label_answers_generated_total} etc. Thread-safe.
 */
final class LabelMetrics implements LabelOutcomes {

    static final String GENERATED = "aigw.label.answers.generated";
    static final String LABELED = "aigw.label.answers.labeled";
    static final String BLOCKED = "aigw.label.answers.blocked";

    private final MeterRegistry registry;

    LabelMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void generated(String product, LabeledAnswer answer) {
        counter(GENERATED, "Generated answers", product).increment();
        if (answer.fullyLabeled()) {
            counter(LABELED, "Generated answers that carry every label", product).increment();
        }
    }

    @Override
    public void blocked(String product) {
        counter(BLOCKED, "Answers refused by the content policy before any generated text", product).increment();
    }

    private Counter counter(String name, String description, String product) {
        return Counter.builder(name).description(description).tag("product", product).register(registry);
    }
}
