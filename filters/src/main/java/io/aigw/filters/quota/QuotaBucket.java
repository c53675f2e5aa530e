package io.aigw.filters.quota;

import java.util.Objects;

/**
 * One rate bucket of a scope.
 *
 * @param scopeKey the scope ({@link QuotaScope#key()})
 * @param window its kind and period
 * @param capacity its limit: what a full bucket holds, refilled evenly over the window's period
 */
public record QuotaBucket(String scopeKey, QuotaWindow window, long capacity) {

    public QuotaBucket {
        Objects.requireNonNull(scopeKey, "scopeKey");
        Objects.requireNonNull(window, "window");
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
    }

    /** The bucket's key, unique per scope and kind (the store prefixes it). */
    public String key() {
        return scopeKey + ":" + window.keySuffix();
    }

    /** What one request takes at admission: 1 from a request bucket, nothing from a token bucket. */
    public long admissionCost() {
        return window.countsTokens() ? 0 : 1;
    }

    /** The refill period in milliseconds. */
    public long periodMillis() {
        return window.period().toMillis();
    }
}
