package io.aigw.gateway.license;

import io.aigw.filters.license.DenyReason;
import io.aigw.filters.license.LicenseDecision;
import io.aigw.gateway.metrics.TaggedMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every license decision: the counter {@code aigw.license.decisions} (Prometheus
 * {@code aigw_license_decisions_total}) tagged {@code product}, {@code reason} (deny code, or
 * {@code none}), {@code mode} and {@code outcome}, and a log line for what an operator must see:
 * monitor-mode would-be denials at INFO, fail-open passes at WARN, denials at DEBUG. Logs carry the
 * product id, model, reason and request id, never a key. Thread-safe.
 */
public final class LicenseDecisionRecorder {

    /** The meter name; Prometheus renders it as {@code aigw_license_decisions_total}. */
    public static final String METER = "aigw.license.decisions";

    private static final Logger log = LoggerFactory.getLogger(LicenseDecisionRecorder.class);

    private final TaggedMeters<Counter> decisions;

    public LicenseDecisionRecorder(MeterRegistry meters) {
        this.decisions = TaggedMeters.counters(Objects.requireNonNull(meters, "meters"), METER,
                "License decisions by product, deny reason, mode and outcome", "product", "reason", "mode", "outcome");
    }

    /** What happened to the request, the {@code outcome} tag. */
    static String outcome(LicenseDecision decision) {
        if (!decision.allowed()) {
            return "denied";
        }
        if (decision.failedOpen()) {
            return "failed_open";
        }
        return decision.wouldDeny() != null ? "would_deny" : "allowed";
    }

    /**
     * Counts and, when flagged, logs {@code decision}.
     *
     * @param requestId the request's id for the log line, never null
     */
    public void record(LicenseDecision decision, String requestId) {
        DenyReason reason = decision.recordedReason();
        String outcome = outcome(decision);
        decisions.get(String.valueOf(decision.productId()), reason == null ? "none" : reason.code(),
                decision.mode().wireName(), outcome).increment();
        if (decision.failedOpen()) {
            log.warn("License registry unreachable and cache too stale: serving anyway because aigw.license.fail-open=true "
                    + "(product={}, model={}, request={})", decision.productId(), decision.model(), requestId);
        } else if (decision.wouldDeny() != null) {
            log.info("License monitor: would deny (product={}, model={}, reason={}, mode={}, request={})",
                    decision.productId(), decision.model(), reason, decision.mode().wireName(), requestId);
        } else if (!decision.allowed() && log.isDebugEnabled()) {
            log.debug("License denied (product={}, model={}, reason={}, mode={}, request={})",
                    decision.productId(), decision.model(), reason, decision.mode().wireName(), requestId);
        }
    }

    @Override
    public String toString() {
        return "LicenseDecisionRecorder[" + METER + "]";
    }
}
