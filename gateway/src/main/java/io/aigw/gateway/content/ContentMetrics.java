package io.aigw.gateway.content;

import io.aigw.filters.content.ContentMatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** {@code aigw_content_matches_total{category, action, side}}: every block, mask and flag, on prompts and completions. */
@Component
public class ContentMetrics {

    /** Where a match was found. */
    public enum Side { PROMPT, COMPLETION }

    private final MeterRegistry registry;

    public ContentMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(Side side, List<ContentMatch> matches) {
        for (ContentMatch match : matches) {
            Counter.builder("aigw.content.matches")
                    .description("Content policy matches by category, action and side")
                    .tag("category", match.category())
                    .tag("action", match.action().name().toLowerCase(Locale.ROOT))
                    .tag("side", side.name().toLowerCase(Locale.ROOT))
                    .register(registry)
                    .increment();
        }
    }
}
