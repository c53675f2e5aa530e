package io.aigw.gateway.upstream;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: before retry {@code n} (0-based) the pause is
 * {@code min(max, initial * 2^n)} scaled by a random factor in [0.5, 1), so that clients retrying
 * together spread out. Immutable; thread-safe when the random source is.
 *
 * @param initial pause before the first retry
 * @param max longest pause
 * @param random uniform numbers in [0, 1)
 */
record Backoff(Duration initial, Duration max, DoubleSupplier random) {

    Duration before(long retry) {
        long initialNanos = initial.toNanos();
        long cap = max.toNanos();
        long base = retry >= 62 || initialNanos > (cap >> Math.min(retry, 62)) ? cap : Math.min(cap, initialNanos << retry);
        return Duration.ofNanos((long) (base * (0.5 + random.getAsDouble() / 2)));
    }
}
