package io.aigw.gateway.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** One {@link RetryBudget} per upstream (per route id), created full on first use. Thread-safe. */
@Component
public class RetryBudgets {

    private final UpstreamResilienceProperties.Budget settings;
    private final Map<String, RetryBudget> byUpstream = new ConcurrentHashMap<>();

    public RetryBudgets(UpstreamResilienceProperties properties) {
        this.settings = properties.retryBudget();
    }

    /** The budget of {@code upstream} (a route id). */
    public RetryBudget of(String upstream) {
        return byUpstream.computeIfAbsent(upstream, name -> new RetryBudget(settings.ratio(), settings.capacity()));
    }

    /** Forgets every budget, so that each starts full again on its next use (tests start from a known state). */
    void clear() {
        byUpstream.clear();
    }
}
