package io.aigw.gateway.audit;

import io.aigw.filters.audit.AuditCounters;
import io.aigw.filters.audit.AuditWitness;
import io.aigw.filters.audit.AuditWriter;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code audit} health component: UP while the writer runs, DOWN once it failed (the disk
 * error as detail: chat requests now get 503 unless {@code aigw.audit.fail-open}), OUT_OF_SERVICE
 * once closed; UP again once the writer reopened the log. Details: the writer's counters (segment
 * breaks: the file was changed under it; recoveries) and the witness's. Reads volatile state only;
 * never blocks.
 */
final class AuditHealthIndicator implements HealthIndicator {

    private final AuditWriter writer;
    private final AuditWitness witness;

    AuditHealthIndicator(AuditWriter writer, AuditWitness witness) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.witness = Objects.requireNonNull(witness, "witness");
    }

    @Override
    public Health health() {
        AuditCounters c = writer.counters();
        Health.Builder health = switch (writer.health()) {
            case RUNNING -> Health.up();
            case FAILED -> Health.down().withDetail("error", String.valueOf(writer.failure()));
            case CLOSED -> Health.outOfService();
        };
        return health.withDetail("written", c.written()).withDetail("rejected", c.rejected())
                .withDetail("failed", c.failed()).withDetail("checkpoints", c.checkpoints())
                .withDetail("inFlight", c.inFlight()).withDetail("segmentBreaks", c.segmentBreaks())
                .withDetail("recoveries", c.recoveries())
                .withDetail("anchorHeadsSent", witness.sent()).withDetail("anchorFailures", witness.failed())
                .withDetail("anchorHeadsDropped", witness.dropped()).build();
    }
}
