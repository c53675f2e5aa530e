package io.aigw.filters.quota;

import java.util.Objects;

/**
 * A rate bucket as an admission left it.
 *
 * @param bucket the bucket
 * @param remaining what it holds now, rounded down, never negative (a token bucket in debt shows 0)
 * @param millisUntilFull how long until it is full again at its refill rate (0 when full)
 */
public record BucketState(QuotaBucket bucket, long remaining, long millisUntilFull) {

    public BucketState {
        Objects.requireNonNull(bucket, "bucket");
    }
}
