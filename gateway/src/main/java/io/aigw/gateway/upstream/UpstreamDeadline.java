package io.aigw.gateway.upstream;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import java.time.Duration;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;

/**
 * The instant by which one exchange with an upstream must be over (its route's total timeout),
 * measured on a monotonic ticker. Immutable and thread-safe.
 */
public final class UpstreamDeadline {

    private final long deadlineNanos;
    private final boolean unlimited;
    private final Duration total;
    private final LongSupplier ticker;

    private UpstreamDeadline(Duration total, LongSupplier ticker) {
        this.total = total;
        this.ticker = ticker;
        this.unlimited = total.isZero();
        this.deadlineNanos = unlimited ? 0 : ticker.getAsLong() + total.toNanos();
    }

    /**
     * A deadline {@code total} from now.
     *
     * @param total the time allowed; zero means no limit
     * @param ticker monotonic nanoseconds ({@code System::nanoTime} in production)
     */
    public static UpstreamDeadline startingNow(Duration total, LongSupplier ticker) {
        RouteUpstreamSettings.requireNotNegative(RouteUpstreamSettings.TOTAL_TIMEOUT, total);
        return new UpstreamDeadline(total, ticker);
    }

    /** Whether there is no deadline. */
    public boolean isUnlimited() {
        return unlimited;
    }

    /** Time left, zero once passed; {@code null} never (a long duration when unlimited). */
    public Duration remaining() {
        if (unlimited) {
            return Duration.ofDays(365);
        }
        return Duration.ofNanos(Math.max(0, deadlineNanos - ticker.getAsLong()));
    }

    /** The ticker's reading now, in nanoseconds: the clock the deadline is measured on. */
    long now() {
        return ticker.getAsLong();
    }

    /**
     * The fallback to pass to Reactor's {@code timeout} operators whose timeout publishers fail with
     * errors of their own (such as {@link DeadlineClaim#expiry()}), so that it is never subscribed. It is passed because without a fallback Reactor builds a description
     * of the timeout for its {@code TimeoutException}, naming the operator chain with regular
     * expressions on every subscription: about 1 % of the gateway's CPU, for an exception never thrown.
     * Should it ever be subscribed, it fails with an {@link IllegalStateException}.
     */
    static <T> Flux<T> unreachableFallback() {
        return Flux.error(() -> new IllegalStateException("a timeout fired without its own error"));
    }

    /** The error for a passed deadline: the upstream timeout of docs/contract.md, "Errors" (504, or an error event mid-stream). */
    public ProtocolException exceeded() {
        return new ProtocolException(ErrorKind.UPSTREAM_TIMEOUT, "the upstream did not finish within " + total.toMillis() + " ms");
    }

    @Override
    public String toString() {
        return unlimited ? "UpstreamDeadline[none]" : "UpstreamDeadline[total=" + total + ", remaining=" + remaining() + "]";
    }
}
