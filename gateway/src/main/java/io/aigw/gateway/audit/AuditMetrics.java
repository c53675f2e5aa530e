package io.aigw.gateway.audit;

import io.aigw.filters.audit.AuditWriter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * The audit writer's meters, read from its counters when scraped: {@code aigw_audit_lines_total}
 * tagged {@code outcome=written|rejected|failed}, {@code aigw_audit_checkpoints_total},
 * {@code aigw_audit_queue_lines} (reserved or queued) and {@code aigw_audit_healthy} (1 while the
 * writer runs).
 */
final class AuditMetrics implements MeterBinder {

    private final AuditWriter writer;

    AuditMetrics(AuditWriter writer) {
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        lines(registry, "written", w -> w.counters().written());
        lines(registry, "rejected", w -> w.counters().rejected());
        lines(registry, "failed", w -> w.counters().failed());
        FunctionCounter.builder("aigw.audit.checkpoints", writer, w -> w.counters().checkpoints())
                .description("Signed audit checkpoints written").register(registry);
        Gauge.builder("aigw.audit.queue.lines", writer, w -> w.counters().inFlight())
                .description("Audit lines reserved or queued").register(registry);
        Gauge.builder("aigw.audit.healthy", writer, w -> w.health() == AuditWriter.Health.RUNNING ? 1 : 0)
                .description("1 while the audit writer runs, 0 when failed or closed").register(registry);
    }

    private void lines(MeterRegistry registry, String outcome, java.util.function.ToDoubleFunction<AuditWriter> count) {
        FunctionCounter.builder("aigw.audit.lines", writer, count)
                .description("Audit lines by outcome: written, rejected (no capacity or writer down), failed (disk)")
                .tag("outcome", outcome)
                .register(registry);
    }
}
