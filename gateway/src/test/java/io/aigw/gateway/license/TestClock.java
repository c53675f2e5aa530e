package io.aigw.gateway.license;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves by hand, and a Caffeine ticker that follows it. Thread-safe. */
final class TestClock extends Clock {

    /** Tuesday 2026-11-24, noon in Asia/Shanghai. */
    static final Instant START = Instant.parse("2026-11-24T04:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);

    void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    void set(Instant instant) {
        now.set(instant);
    }

    /** Nanoseconds since the epoch, as the clock says. */
    Ticker ticker() {
        return () -> {
            Instant t = now.get();
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        };
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("fixed to UTC");
    }
}
