package io.aigw.gateway.upstream;

import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * Decides, for one exchange, which of two threads may act on its response while it waits for an
 * upstream's response headers: the upstream connection's event loop, which copies the arrived headers
 * into the exchange's response, or the exchange's total deadline, which answers 504 instead. Exactly one
 * of them claims the waiting exchange; the other stands back.
 *
 * <p>The deadline's timer runs on a Reactor scheduler thread ({@link #expiry()}); the headers are claimed
 * on the event loop by {@link EventLoopResponseTimeout}'s handler before it passes them on, and when the
 * deadline claimed first, the handler drops them and closes the connection. Without the claim, a deadline
 * that passed while the headers were being copied committed its 504 under the copy (the same race
 * {@link EventLoopResponseTimeout} closes for the per-attempt response timeout).
 *
 * <p>An attempt whose response is discarded for a retry or a fallback gives its claim back ({@link
 * #reopen()}), which fails at once when the deadline passed in the meantime. Thread-safe.
 */
final class DeadlineClaim {

    private static final int WAITING = 0;
    private static final int HEADERS = 1;
    private static final int EXPIRED = 2;

    private final UpstreamDeadline deadline;
    private final AtomicInteger state = new AtomicInteger(WAITING);

    DeadlineClaim(UpstreamDeadline deadline) {
        this.deadline = deadline;
    }

    UpstreamDeadline deadline() {
        return deadline;
    }

    /** Claims the exchange for an attempt's arrived headers; false when the deadline claimed it first. */
    boolean claimForHeaders() {
        return state.compareAndSet(WAITING, HEADERS);
    }

    /** Claims the exchange for the deadline's 504; false when headers are being (or were) taken. */
    boolean claimForDeadline() {
        return state.compareAndSet(WAITING, EXPIRED);
    }

    /**
     * Gives the claim of a discarded attempt back before the next attempt; an error when the deadline
     * passed meanwhile (its timer stood back while the discarded headers held the claim).
     */
    Mono<Void> reopen() {
        state.compareAndSet(HEADERS, WAITING);
        if (deadline.remaining().isZero() && claimForDeadline()) {
            return Mono.error(deadline.exceeded());
        }
        return Mono.empty();
    }

    /**
     * Fails with the deadline's {@link UpstreamDeadline#exceeded()} when it passes while the exchange is
     * still waiting for headers; never signals when the headers claimed the exchange first, or when
     * there is no deadline. For Reactor's {@code timeout}.
     */
    Mono<Void> expiry() {
        if (deadline.isUnlimited()) {
            return Mono.never();
        }
        return Mono.defer(() -> Mono.delay(deadline.remaining()))
                .then(Mono.defer(() -> claimForDeadline() ? Mono.<Void>error(deadline.exceeded()) : Mono.<Void>never()));
    }
}
