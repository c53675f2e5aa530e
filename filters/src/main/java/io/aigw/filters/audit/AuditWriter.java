package io.aigw.filters.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable audit sink: one platform thread owns the files and writes lines in the order they
 * were queued; callers never block and never touch the disk.
 *
 * <h2>The contract with the gateway</h2>
 * An accepted request is never served without its line queued. Capacity is therefore taken
 * <em>before</em> serving, with {@link #tryReserve()}: a reserved {@link AuditTicket} always
 * queues its line later, whatever happens to the exchange. When no ticket is given (queue full,
 * writer failed or closed) the gateway fails closed (503 in the caller's protocol) or, with
 * {@code aigw.audit.fail-open}, serves and the exchange is counted in
 * {@link AuditCounters#rejected()}. The capacity ({@code aigw.audit.queue-capacity}) bounds
 * reserved plus queued lines, so it also bounds the exchanges in flight.
 *
 * <h2>Failure</h2>
 * An {@link IOException} on the disk makes the writer {@link Health#FAILED} for good: lines
 * still queued and later ones are counted as failed, reservations are refused, and
 * {@link #failure()} holds the cause. A restart continues the chain (see {@link #start}).
 *
 * <h2>No lock on the caller's thread</h2>
 * Reserving, submitting, flushing and checkpointing go through a lock-free {@link AuditInbox}: a
 * CAS on the capacity counter and a non-blocking queue; the writer thread parks when idle and is
 * unparked only when a producer sees it parked. Only {@link #close()} waits (for the thread).
 *
 * <p>Thread-safe. {@link #close()} drains the queue, writes a final checkpoint and forces.
 */
public final class AuditWriter implements AutoCloseable {

    /** Health as the gateway's readiness and fail-closed logic see it. */
    public enum Health { RUNNING, FAILED, CLOSED }

    private static final int MAX_BATCH = 512;

    private final AuditWriterConfig config;
    private final Clock clock;
    private final AuditChainAppender appender;
    private final AuditInbox queue;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    private volatile Health health = Health.RUNNING;
    private volatile Throwable failure;
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    private AuditWriter(AuditWriterConfig config, Clock clock, AuditChainAppender appender) {
        this.config = config;
        this.clock = clock;
        this.appender = appender;
        this.thread = new Thread(this::run, "aigw-audit-writer");
        this.queue = new AuditInbox(config.queueCapacity(), thread);
        // A daemon, so that a process that never closes the writer can still exit (as after a
        // kill: the chain recovers); close() is what drains and signs.
        this.thread.setDaemon(true);
    }

    /**
     * Opens (or continues) the chain in {@code config.dir()} on the calling thread, then starts
     * the writer thread. Call at start-up, off any event loop.
     *
     * @param signer signs checkpoints (the audit key, not the receipt key)
     * @param clock stamps checkpoints and chooses the day file; records carry their own time
     * @throws UncheckedIOException when the directory cannot be read or written
     * @throws IllegalStateException when the existing chain's last line is unreadable
     */
    public static AuditWriter start(AuditWriterConfig config, AuditSigner signer, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(clock, "clock");
        AuditChainAppender appender;
        try {
            appender = AuditChainAppender.open(config, clock, signer);
        } catch (IOException e) {
            throw new UncheckedIOException(config.dir() + ": cannot open the audit log", e);
        }
        AuditWriter writer = new AuditWriter(config, clock, appender);
        writer.checkpoints.set(appender.checkpoints());
        writer.thread.start();
        return writer;
    }

    /**
     * Reserves the place of one line. Never blocks.
     *
     * @return a ticket, or empty when the queue is full or the writer is failed or closed (counted
     *     in {@link AuditCounters#rejected()})
     */
    public Optional<AuditTicket> tryReserve() {
        if (health == Health.RUNNING && queue.tryReserve()) {
            if (health == Health.RUNNING) {
                return Optional.of(new AuditTicket(this));
            }
            queue.release();
        }
        rejected.incrementAndGet();
        return Optional.empty();
    }

    /**
     * Reserves and submits at once, for exchanges decided before anything is served (a licence
     * denial, a blocked prompt). Never blocks.
     *
     * @return false when no capacity could be reserved (counted as rejected)
     */
    public boolean offer(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        Optional<AuditTicket> ticket = tryReserve();
        return ticket.isPresent() && ticket.get().submit(record);
    }

    /**
     * Completes when every line queued before the call is written and forced to the device,
     * whatever the fsync policy; completes exceptionally with the disk error when the writer
     * failed, or with {@link IllegalStateException} when it is closed.
     */
    public CompletableFuture<Void> flush() {
        return control(new Flush(new CompletableFuture<>(), false));
    }

    /**
     * As {@link #flush()}, with a checkpoint written first (even when none is due), so that a
     * verifier run afterwards finds no unsigned tail from before the call.
     */
    public CompletableFuture<Void> checkpoint() {
        return control(new Flush(new CompletableFuture<>(), true));
    }

    /** RUNNING, FAILED (disk error: see {@link #failure()}) or CLOSED. */
    public Health health() {
        return health;
    }

    /** The disk error that failed the writer, or null. */
    public Throwable failure() {
        return failure;
    }

    /** The counters now. */
    public AuditCounters counters() {
        return new AuditCounters(written.get(), rejected.get(), failed.get(), cancelled.get(), checkpoints.get(),
                queue.reserved());
    }

    /** The settings. */
    public AuditWriterConfig config() {
        return config;
    }

    /**
     * Stops taking reservations, writes every queued line, a final checkpoint, forces, and stops
     * the thread; waits for all of it. Lines of tickets submitted afterwards are counted as
     * failed, so close the writer after the server has stopped taking requests and in-flight
     * exchanges have ended. Idempotent.
     */
    @Override
    public void close() {
        if (stopRequested.compareAndSet(false, true)) {
            if (health == Health.RUNNING) {
                health = Health.CLOSED;
            }
            queue.offer(Stop.INSTANCE);
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        health = Health.CLOSED;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called by a ticket: queues its record, or counts it failed when the writer stopped. */
    boolean enqueue(AuditRecord record) {
        if (queue.offer(record)) {
            return true;
        }
        failed.incrementAndGet();
        release(false);
        return false;
    }

    /** Gives one unit of capacity back. */
    void release(boolean cancel) {
        if (cancel) {
            cancelled.incrementAndGet();
        }
        queue.release();
    }

    private CompletableFuture<Void> control(Flush flush) {
        if (health == Health.FAILED) {
            return CompletableFuture.failedFuture(failure);
        }
        if (health == Health.RUNNING && queue.offer(flush)) {
            return flush.done();
        }
        return CompletableFuture.failedFuture(new IllegalStateException("audit writer closed"));
    }

    private void run() {
        try {
            writeUntilStopped();
            guard(appender::closeCleanly);
        } catch (RuntimeException | Error e) {
            fail(e); // a bug or a VM error: fail closed rather than die silently
        } finally {
            checkpoints.set(appender.checkpoints());
            try {
                appender.close();
            } catch (IOException e) {
                fail(e);
            }
            queue.close();
            drainAfterStop();
        }
    }

    private void writeUntilStopped() {
        List<Object> batch = new ArrayList<>(MAX_BATCH);
        long pollNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(1000, config.checkpointEvery().toMillis())));
        boolean stop = false;
        while (!stop) {
            // Interrupts do not end the wait: only close() stops the writer, so that nothing queued is lost.
            Object first = queue.poll(pollNanos);
            if (first == null) {
                guard(appender::checkpointIfDue);
                continue;
            }
            batch.clear();
            batch.add(first);
            Object next;
            while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
                batch.add(next);
            }
            List<Flush> flushes = new ArrayList<>();
            for (Object item : batch) {
                if (item instanceof AuditRecord) {
                    write((AuditRecord) item);
                } else if (item instanceof Flush) {
                    Flush f = (Flush) item;
                    if (f.checkpoint()) {
                        guard(appender::checkpoint);
                    }
                    flushes.add(f);
                } else if (item instanceof Stop) {
                    stop = true;
                }
            }
            guard(appender::checkpointIfDue);
            if (config.fsync() != FsyncPolicy.NONE || !flushes.isEmpty()) {
                guard(appender::force);
            }
            checkpoints.set(appender.checkpoints());
            for (Flush f : flushes) {
                if (health == Health.FAILED) {
                    f.done().completeExceptionally(failure);
                } else {
                    f.done().complete(null);
                }
            }
        }
    }

    private void write(AuditRecord record) {
        try {
            if (health == Health.FAILED) {
                failed.incrementAndGet();
                return;
            }
            appender.appendRecord(record);
            written.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
            fail(e);
        } finally {
            queue.release();
        }
    }

    /** Tickets submitted between the stop and the thread's end: counted, never lost silently. */
    private void drainAfterStop() {
        Object item;
        while ((item = queue.poll()) != null) {
            if (item instanceof AuditRecord) {
                failed.incrementAndGet();
                queue.release();
            } else if (item instanceof Flush) {
                ((Flush) item).done().completeExceptionally(new IllegalStateException("audit writer closed"));
            }
        }
    }

    private void guard(IoAction action) {
        if (health == Health.FAILED) {
            return;
        }
        try {
            action.run();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void fail(Throwable e) {
        if (failure == null) {
            failure = e;
        }
        health = Health.FAILED;
    }

    @Override
    public String toString() {
        return "AuditWriter[dir=" + config.dir() + ", health=" + health + ", " + counters() + "]";
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    private record Flush(CompletableFuture<Void> done, boolean checkpoint) {
    }

    private enum Stop { INSTANCE }
}
