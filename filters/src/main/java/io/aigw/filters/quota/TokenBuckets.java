package io.aigw.filters.quota;

/**
 * The token-bucket arithmetic, the same as the Redis scripts' ({@code quota-admit.lua}): a bucket holds
 * at most its capacity, refills {@code capacity / period} per millisecond, and may go below zero when
 * usage charged after an answer exceeds what it held (a debt repaid by the refill). A request bucket
 * admits while it holds at least 1; a token bucket while it holds more than 0. Stateless.
 */
public final class TokenBuckets {

    private TokenBuckets() {
    }

    /** The level of a bucket last at {@code level} at {@code then}, refilled until {@code now}. */
    public static double refilled(double level, long then, long now, QuotaBucket bucket) {
        long elapsed = Math.max(0, now - then);
        return Math.min(bucket.capacity(), level + (double) elapsed * bucket.capacity() / bucket.periodMillis());
    }

    /** Whether a bucket at {@code level} admits a request. */
    public static boolean admits(double level, QuotaBucket bucket) {
        return bucket.window().countsTokens() ? level > 0 : level >= 1;
    }

    /** How long until a bucket at {@code level} admits again; 0 when it admits now. */
    public static long millisUntilAdmits(double level, QuotaBucket bucket) {
        if (admits(level, bucket)) {
            return 0;
        }
        double millisPerUnit = (double) bucket.periodMillis() / bucket.capacity();
        return bucket.window().countsTokens()
                ? (long) Math.floor(-level * millisPerUnit) + 1
                : (long) Math.ceil((1 - level) * millisPerUnit);
    }

    /** How long until a bucket at {@code level} is full. */
    public static long millisUntilFull(double level, QuotaBucket bucket) {
        return Math.max(0, (long) Math.ceil((bucket.capacity() - level) * bucket.periodMillis() / bucket.capacity()));
    }

    /** A bucket's state for the headers. */
    public static BucketState state(double level, QuotaBucket bucket) {
        return new BucketState(bucket, Math.max(0, (long) Math.floor(level)), millisUntilFull(level, bucket));
    }
}
