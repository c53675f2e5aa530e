package io.aigw.gateway.content;

import io.aigw.filters.content.ContentMatch;
import io.aigw.gateway.metrics.TaggedMeters;
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

    private final TaggedMeters<Counter> matches;

    public ContentMetrics(MeterRegistry registry) {
        this.matches = TaggedMeters.counters(registry, "aigw.content.matches",
                "Content policy matches by category, action and side", "category", "action", "side");
    }

    void record(Side side, List<ContentMatch> found) {
        for (ContentMatch match : found) {
            matches.get(match.category(), match.action().name().toLowerCase(Locale.ROOT),
                    side.name().toLowerCase(Locale.ROOT)).increment();
        }
    }
}
