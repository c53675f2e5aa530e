package io.aigw.gateway.logging;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets at most one line per key through per interval, and says how many were held back: during an
 * upstream outage every failing request would otherwise write its own warning. Lock-free, thread-safe.
 */
final class RateLimitedLog {

    /** Whether to write now, and how many lines of the key were suppressed since the last one written. */
    record Permit(boolean write, long suppressed) {
    }

    private static final int MAX_KEYS = 1000;

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong suppressed = new AtomicLong();
    }

    RateLimitedLog(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = Objects.requireNonNull(interval, "interval").toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Asks to write a line for {@code key} now. */
    Permit ask(String key) {
        if (windows.size() >= MAX_KEYS && !windows.containsKey(key)) {
            key = "(other)"; // keys are upstream and breaker names; a bound all the same
        }
        Window w = windows.get(key);
        if (w == null) {
            w = windows.computeIfAbsent(key, k -> new Window());
        }
        long now = nanoTime.getAsLong();
        long next = w.nextAllowed.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && w.nextAllowed.compareAndSet(next, now + intervalNanos)) {
            return new Permit(true, w.suppressed.getAndSet(0));
        }
        w.suppressed.incrementAndGet();
        return new Permit(false, 0);
    }
}
