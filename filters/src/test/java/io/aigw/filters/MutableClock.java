package io.aigw.filters;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tests' one clock (both modules: the gateway's tests get it from the filters' test-jar): moved by
 * hand, in UTC, with a Caffeine {@link #ticker()} that follows it. Thread-safe.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    /** A Caffeine ticker that reads this clock: nanoseconds since the epoch, as the clock says. */
    public Ticker ticker() {
        return () -> {
            Instant t = now.get();
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        };
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("fixed to UTC");
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
