package io.aigw.gateway.upstream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket that keeps one upstream's retries to a share of its requests, so that retries
 * cannot multiply an outage: every request adds {@code ratio} of a token (up to {@code capacity}),
 * every retry takes a whole one. Starting full, over any run of {@code n} requests at most
 * {@code capacity + ratio * n} retries are allowed. Lock-free and thread-safe.
 */
public final class RetryBudget {

    /** Tokens are kept in thousandths. */
    private static final long SCALE = 1000;

    private final long perRequest;
    private final long capacity;
    private final AtomicLong tokens;

    /**
     * @param ratio tokens added per request, zero or more
     * @param capacity most tokens kept; the bucket starts full
     * @throws IllegalArgumentException when either is negative or not finite
     */
    public RetryBudget(double ratio, double capacity) {
        new UpstreamResilienceProperties.Budget(ratio, capacity);
        this.perRequest = Math.round(ratio * SCALE);
        this.capacity = Math.round(capacity * SCALE);
        this.tokens = new AtomicLong(this.capacity);
    }

    /** Credits one request (call it once per request, not per attempt). */
    public void recordRequest() {
        tokens.accumulateAndGet(perRequest, (current, add) -> Math.min(capacity, current + add));
    }

    /** Takes the token of one retry; {@code false} (and nothing taken) when the budget is spent. */
    public boolean tryAcquireRetry() {
        while (true) {
            long current = tokens.get();
            if (current < SCALE) {
                return false;
            }
            if (tokens.compareAndSet(current, current - SCALE)) {
                return true;
            }
        }
    }

    /** Tokens available now (one per retry). */
    public double available() {
        return tokens.get() / (double) SCALE;
    }

    @Override
    public String toString() {
        return "RetryBudget[available=" + available() + ", perRequest=" + perRequest / (double) SCALE
                + ", capacity=" + capacity / (double) SCALE + "]";
    }
}
