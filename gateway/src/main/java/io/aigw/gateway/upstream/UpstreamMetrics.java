package io.aigw.gateway.upstream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counters of the upstream call policy, on the management port's Prometheus endpoint:
 * {@code aigw_upstream_retries_total{upstream}} (retries made),
 * {@code aigw_upstream_retries_denied_total{upstream}} (retries the budget refused), and
 * {@code aigw_upstream_fallbacks_total{upstream, fallback, outcome}} with outcome {@code taken} or
 * {@code not_licensed}. Thread-safe.
 */
@Component
public class UpstreamMetrics {

    private final MeterRegistry registry;

    public UpstreamMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void retried(String upstream) {
        Counter.builder("aigw.upstream.retries").description("Retries of upstream calls before the answer started")
                .tag("upstream", upstream).register(registry).increment();
    }

    void retryDenied(String upstream) {
        Counter.builder("aigw.upstream.retries.denied").description("Retries refused by the upstream's retry budget")
                .tag("upstream", upstream).register(registry).increment();
    }

    void fallback(String upstream, String fallback, boolean taken) {
        Counter.builder("aigw.upstream.fallbacks").description("Fallback upstreams taken or skipped")
                .tag("upstream", upstream).tag("fallback", fallback).tag("outcome", taken ? "taken" : "not_licensed")
                .register(registry).increment();
    }
}
