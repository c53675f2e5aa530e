package io.aigw.filters.quota;

import java.time.Duration;

/**
 * The kinds of rate limit, each a token bucket that holds at most its limit and refills it evenly over
 * its period: a full bucket lets a burst of the whole limit through, then admission follows the refill.
 */
public enum QuotaWindow {
    REQUESTS_PER_MINUTE("rpm", Duration.ofMinutes(1), false),
    TOKENS_PER_MINUTE("tpm", Duration.ofMinutes(1), true),
    TOKENS_PER_DAY("tpd", Duration.ofDays(1), true);

    private final String keySuffix;
    private final Duration period;
    private final boolean tokens;

    QuotaWindow(String keySuffix, Duration period, boolean tokens) {
        this.keySuffix = keySuffix;
        this.period = period;
        this.tokens = tokens;
    }

    /** The short name that ends the bucket's key. */
    public String keySuffix() {
        return keySuffix;
    }

    /** How long an empty bucket takes to refill completely. */
    public Duration period() {
        return period;
    }

    /** Whether the bucket counts tokens (charged after the answer) rather than requests (taken at admission). */
    public boolean countsTokens() {
        return tokens;
    }
}
