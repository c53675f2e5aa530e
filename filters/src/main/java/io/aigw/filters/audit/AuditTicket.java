package io.aigw.filters.audit;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A place in the audit queue, reserved before an exchange is served and filled with its record
 * at the end. Holding a ticket guarantees that {@link #submit} will queue the line: the capacity
 * was taken at {@link AuditWriter#tryReserve()}. Exactly one of {@link #submit} or
 * {@link #cancel} must be called, once; a ticket that is neither keeps its capacity forever.
 * Thread-safe: the exchange may finish on any thread.
 */
public final class AuditTicket {

    private final AuditWriter writer;
    private final AtomicBoolean used = new AtomicBoolean();

    AuditTicket(AuditWriter writer) {
        this.writer = writer;
    }

    /**
     * Queues the exchange's line. Never blocks, never fails for capacity.
     *
     * @return true when queued; false only when the writer was closed (or failed) after the
     *     reservation, in which case the line is counted as failed
     * @throws NullPointerException when {@code record} is null
     * @throws IllegalStateException when the ticket was already submitted or cancelled
     */
    public boolean submit(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        claim();
        return writer.enqueue(record);
    }

    /**
     * Queues the exchange's line and tells when it is durable: the future completes once the line
     * is written and forced as the fsync policy says (see {@link AuditWriter}), and completes
     * exceptionally when it could not be (the disk failed, the file was changed under the writer,
     * or the writer was closed). Never blocks; the future completes on the writer thread, so
     * dependents must hand their work elsewhere.
     *
     * @throws NullPointerException when {@code record} is null
     * @throws IllegalStateException when the ticket was already submitted or cancelled
     */
    public CompletableFuture<Void> commit(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        claim();
        return writer.enqueueDurable(record);
    }

    /**
     * Gives the capacity back without writing a line: only for an exchange that must leave no
     * trace (for example one refused before it was accepted). Served, denied, blocked and failed
     * exchanges are submitted, not cancelled.
     *
     * @throws IllegalStateException when the ticket was already submitted or cancelled
     */
    public void cancel() {
        claim();
        writer.release(true);
    }

    private void claim() {
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException("audit ticket already used");
        }
    }
}
