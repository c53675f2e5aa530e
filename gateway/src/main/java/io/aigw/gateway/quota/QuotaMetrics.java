package io.aigw.gateway.quota;

import io.aigw.gateway.metrics.TaggedMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * The quota's meters: {@value #DECISIONS} (Prometheus {@code aigw_quota_decisions_total}) tagged
 * {@code product}, {@code outcome} ({@code admitted}, {@code denied}, {@code failed_open},
 * {@code failed_closed}) and {@code limit} (the limit that refused, {@code none} otherwise), and
 * {@value #STORE_FAILURES} ({@code aigw_quota_store_failures_total}, tag {@code operation}: {@code admit},
 * {@code charge}, {@code release}) for the store's failed commands. Thread-safe.
 */
final class QuotaMetrics {

    static final String DECISIONS = "aigw.quota.decisions";
    static final String STORE_FAILURES = "aigw.quota.store.failures";

    private final TaggedMeters<Counter> decisions;
    private final TaggedMeters<Counter> failures;

    QuotaMetrics(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        this.decisions = TaggedMeters.counters(registry, DECISIONS, "Quota decisions by product, outcome and refusing limit",
                "product", "outcome", "limit");
        this.failures = TaggedMeters.counters(registry, STORE_FAILURES, "Quota store commands that failed or timed out",
                "operation");
    }

    void decision(String product, String outcome, String limit) {
        decisions.get(product, outcome, limit == null ? "none" : limit).increment();
    }

    void storeFailure(String operation) {
        failures.get(operation).increment();
    }
}
