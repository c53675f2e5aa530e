package io.aigw.filters.quota;

import java.util.ArrayList;
import java.util.List;

/**
 * The limits of one quota scope (a product, or a model entry of a product); each null means no limit
 * of that kind. Immutable.
 *
 * @param requestsPerMinute requests admitted per minute
 * @param tokensPerMinute tokens (prompt + completion, as the upstream reported them) per minute
 * @param tokensPerDay tokens per day
 * @param concurrentStreams streamed answers open at once
 * @throws IllegalArgumentException when a limit is not positive
 */
public record QuotaLimits(Long requestsPerMinute, Long tokensPerMinute, Long tokensPerDay, Integer concurrentStreams) {

    public QuotaLimits {
        positive("requests-per-minute", requestsPerMinute);
        positive("tokens-per-minute", tokensPerMinute);
        positive("tokens-per-day", tokensPerDay);
        positive("concurrent-streams", concurrentStreams == null ? null : concurrentStreams.longValue());
    }

    /** Whether no limit is set. */
    public boolean isEmpty() {
        return requestsPerMinute == null && tokensPerMinute == null && tokensPerDay == null && concurrentStreams == null;
    }

    /** The rate buckets these limits define, keyed under {@code scopeKey}. */
    List<QuotaBucket> buckets(String scopeKey) {
        List<QuotaBucket> buckets = new ArrayList<>(3);
        if (requestsPerMinute != null) {
            buckets.add(new QuotaBucket(scopeKey, QuotaWindow.REQUESTS_PER_MINUTE, requestsPerMinute));
        }
        if (tokensPerMinute != null) {
            buckets.add(new QuotaBucket(scopeKey, QuotaWindow.TOKENS_PER_MINUTE, tokensPerMinute));
        }
        if (tokensPerDay != null) {
            buckets.add(new QuotaBucket(scopeKey, QuotaWindow.TOKENS_PER_DAY, tokensPerDay));
        }
        return buckets;
    }

    private static void positive(String name, Long value) {
        if (value != null && value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
