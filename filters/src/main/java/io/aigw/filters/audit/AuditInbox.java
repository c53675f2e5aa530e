package io.aigw.filters.audit;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link AuditWriter}'s inbox: many producers (event-loop threads), one consumer (the writer
 * thread), and no lock anywhere on the producer side, so that submitting a line never blocks an
 * event loop, not even briefly on a contended lock.
 *
 * <p>Capacity is counted apart from the items: {@link #tryReserve()} takes one of {@code capacity}
 * places with a CAS and {@link #release()} gives it back, which is how the writer bounds the
 * lines reserved plus queued. Items themselves go into a {@link ConcurrentLinkedQueue}, which is
 * lock-free; control items (flush, stop) are not counted.
 *
 * <p>The consumer may park when idle ({@link #poll(long)}); it raises a volatile flag first and
 * polls once more, and a producer calls {@link LockSupport#unpark} only when it sees that flag
 * after adding its item. Either the consumer's second poll sees the item, or the producer sees the
 * flag, so no wake-up is lost; a spurious one costs one empty poll.
 *
 * <p>Closing: once the consumer {@link #close() closed} the inbox it drains it one last time. A
 * producer that finds the inbox closed after adding takes its own item back when it is still there
 * ({@link #offer} answers false); otherwise the consumer's drain got it. Each item is therefore
 * handled exactly once, by one side. Thread-safe as described: {@link #poll(long)}, {@link #poll()}
 * and {@link #close()} belong to the consumer thread.
 */
final class AuditInbox {

    private final int capacity;
    private final Thread consumer;
    private final AtomicInteger reserved = new AtomicInteger();
    private final ConcurrentLinkedQueue<Object> items = new ConcurrentLinkedQueue<>();
    private volatile boolean consumerParked;
    private volatile boolean open = true;

    /**
     * @param capacity places for {@link #tryReserve()}, at least 1
     * @param consumer the only thread that takes items
     */
    AuditInbox(int capacity, Thread consumer) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    /** Takes one place; false when all {@code capacity} are taken. Lock-free, never blocks. */
    boolean tryReserve() {
        int now;
        do {
            now = reserved.get();
            if (now >= capacity) {
                return false;
            }
        } while (!reserved.compareAndSet(now, now + 1));
        return true;
    }

    /** Gives one place back. */
    void release() {
        reserved.decrementAndGet();
    }

    /** Places taken now (reserved or queued). */
    int reserved() {
        return reserved.get();
    }

    /**
     * Adds {@code item} for the consumer and wakes it if it is parked. Lock-free, never blocks.
     *
     * @return false when the inbox was closed and the item was taken back: it will never be
     *     consumed, the caller handles it
     */
    boolean offer(Object item) {
        items.offer(item);
        if (!open && items.remove(item)) {
            return false;
        }
        if (consumerParked) {
            LockSupport.unpark(consumer);
        }
        return true;
    }

    /** The next item, or null at once when there is none. Consumer only. */
    Object poll() {
        return items.poll();
    }

    /**
     * The next item, waiting up to {@code timeoutNanos} for one; null when none came. Consumer
     * only. Interrupts do not end the wait (only a closing item does).
     */
    Object poll(long timeoutNanos) {
        Object item = items.poll();
        if (item != null) {
            return item;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        consumerParked = true;
        try {
            while ((item = items.poll()) == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                Thread.interrupted(); // a set flag would make parkNanos return at once, in a spin
                LockSupport.parkNanos(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
            return item;
        } finally {
            consumerParked = false;
        }
    }

    /** Refuses items from now on; the consumer then drains with {@link #poll()}. Consumer only. */
    void close() {
        open = false;
    }
}
