package io.aigw.gateway.moderation;

import io.aigw.gateway.metrics.TaggedMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** {@code aigw_moderation_verdicts_total{service, side, verdict}}: allow, flag, block or unavailable, per checked text. */
@Component
public class ModerationMetrics {

    private final TaggedMeters<Counter> verdicts;

    public ModerationMetrics(MeterRegistry registry) {
        this.verdicts = TaggedMeters.counters(registry, "aigw.moderation.verdicts",
                "External moderation verdicts by service, side and verdict", "service", "side", "verdict");
    }

    void record(String service, ModerationService.Side side, ModerationVerdict verdict) {
        verdicts.get(service, side.name().toLowerCase(Locale.ROOT), verdict.label()).increment();
    }
}
