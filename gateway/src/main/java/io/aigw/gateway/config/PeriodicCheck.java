package io.aigw.gateway.config;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * A check run every interval on {@link Schedulers#boundedElastic()} (file checks block; never on an event
 * loop), for the file watchers' lifecycles. Thread-safe.
 */
public final class PeriodicCheck {

    private final Runnable check;
    private final Duration interval;
    private volatile Disposable task;

    public PeriodicCheck(Runnable check, Duration interval) {
        this.check = Objects.requireNonNull(check, "check");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /** Starts the periodic runs; false (nothing started) when the interval is zero or negative. */
    public boolean start() {
        if (interval.isZero() || interval.isNegative()) {
            return false;
        }
        long millis = interval.toMillis();
        task = Schedulers.boundedElastic().schedulePeriodically(check, millis, millis, TimeUnit.MILLISECONDS);
        return true;
    }

    /** Stops them; idempotent. */
    public void stop() {
        Disposable running = task;
        task = null;
        if (running != null) {
            running.dispose();
        }
    }

    /** Whether started and not stopped. */
    public boolean isRunning() {
        return task != null;
    }
}
