package io.aigw.filters.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
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
 * <h2>Durable before answered (group commit)</h2>
 * {@link AuditTicket#commit} queues a line and returns a future that completes once the line is
 * durable under the fsync policy: written and forced ({@code line}: after its own force;
 * {@code batch}: after the one force of the batch it went out in), or handed to the operating
 * system ({@code none}). The gateway holds an answer's last bytes until then, so an answer a client
 * received in full always has its line on disk; lines queued together share one force.
 *
 * <h2>Failure and recovery</h2>
 * An {@link IOException} on the disk makes the writer {@link Health#FAILED}: it is logged at ERROR
 * once with its cause, lines queued and later ones are counted as failed (their commit futures fail),
 * reservations are refused, and {@link #failure()} holds the cause. The writer then reopens the log
 * after {@code retry-backoff}, doubling the wait up to {@code retry-backoff-max}; once a reopen
 * succeeds (the chain continues from what is on disk, after a restart line that acknowledges a torn
 * last line) it is {@link Health#RUNNING} again and says so at INFO.
 *
 * <h2>Files changed under the writer</h2>
 * Before and after every batch (and when idle, at each checkpoint interval) the writer compares the
 * file at its path with the one it writes (file key and the size it wrote). When it was deleted,
 * replaced, truncated or appended to, it logs ERROR, fails the commits of the lines of that batch,
 * and continues the chain in a new file at the path after a {@code break} line and a checkpoint.
 *
 * <h2>Anchor</h2>
 * The head of every checkpoint is handed to the {@link AuditAnchor} once forced.
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
    private static final System.Logger log = System.getLogger(AuditWriter.class.getName());

    private final AuditWriterConfig config;
    private final Clock clock;
    private final AuditSigner signer;
    private final AuditFileOpener opener;
    private final AuditAnchor anchor;
    /** Writer thread only; null while failed. */
    private AuditChainAppender appender;
    private long checkpointsOfClosedAppenders;
    private long retryAtNanos;
    private long backoffNanos;
    private int failedReopens;
    private final AuditInbox queue;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong segmentBreaks = new AtomicLong();
    private final AtomicLong recoveries = new AtomicLong();
    private volatile Health health = Health.RUNNING;
    private volatile Throwable failure;
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    private AuditWriter(AuditWriterConfig config, Clock clock, AuditSigner signer, AuditFileOpener opener,
                        AuditAnchor anchor, AuditChainAppender appender) {
        this.config = config;
        this.clock = clock;
        this.signer = signer;
        this.opener = opener;
        this.anchor = anchor;
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
        return start(config, signer, clock, AuditFileOpener.DEFAULT, AuditAnchor.NONE);
    }

    /**
     * As {@link #start(AuditWriterConfig, AuditSigner, Clock)}, appending through {@code opener} and
     * handing checkpoint heads to {@code anchor}.
     */
    public static AuditWriter start(AuditWriterConfig config, AuditSigner signer, Clock clock, AuditFileOpener opener,
                                    AuditAnchor anchor) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(opener, "opener");
        Objects.requireNonNull(anchor, "anchor");
        AuditChainAppender appender;
        try {
            appender = AuditChainAppender.open(config, clock, signer, opener, anchor);
        } catch (IOException e) {
            throw new UncheckedIOException(config.dir() + ": cannot open the audit log", e);
        }
        appender.publishHeads();
        AuditWriter writer = new AuditWriter(config, clock, signer, opener, anchor, appender);
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
     * Reserves and submits at once, for exchanges decided before anything is served (a license
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
                queue.reserved(), segmentBreaks.get(), recoveries.get());
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

    /** Called by a ticket: queues its record with a future completed once the line is durable. */
    CompletableFuture<Void> enqueueDurable(AuditRecord record) {
        Durable line = new Durable(record, new CompletableFuture<>());
        if (queue.offer(line)) {
            return line.done();
        }
        failed.incrementAndGet();
        release(false);
        return CompletableFuture.failedFuture(new IllegalStateException("audit writer closed"));
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
            guard(AuditChainAppender::closeCleanly);
        } catch (RuntimeException | Error e) {
            fail(e); // a bug or a VM error: fail closed rather than die silently
        } finally {
            if (appender != null) {
                checkpoints.set(checkpointsOfClosedAppenders + appender.checkpoints());
                appender.publishHeads();
                try {
                    appender.close();
                } catch (IOException e) {
                    fail(e);
                }
            }
            queue.close();
            drainAfterStop();
        }
    }

    private void writeUntilStopped() {
        List<Object> batch = new ArrayList<>(MAX_BATCH);
        List<CompletableFuture<Void>> durables = new ArrayList<>(MAX_BATCH);
        List<Flush> flushes = new ArrayList<>();
        long pollNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(1000, config.checkpointEvery().toMillis())));
        boolean stop = false;
        while (!stop) {
            // Interrupts do not end the wait: only close() stops the writer, so that nothing queued is lost.
            Object first = queue.poll(health == Health.FAILED
                    ? Math.max(1, Math.min(pollNanos, retryAtNanos - System.nanoTime())) : pollNanos);
            if (health == Health.FAILED && !stopRequested.get() && System.nanoTime() - retryAtNanos >= 0) {
                reopen();
            }
            if (first == null) {
                guard(this::checkIntegrity);
                guard(appender -> appender.checkpointIfDue());
                guard(AuditChainAppender::force);
                guard(AuditChainAppender::publishHeads);
                continue;
            }
            batch.clear();
            durables.clear();
            flushes.clear();
            batch.add(first);
            Object next;
            while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
                batch.add(next);
            }
            guard(this::checkIntegrity);
            for (Object item : batch) {
                if (item instanceof AuditRecord record) {
                    write(record);
                } else if (item instanceof Durable line) {
                    write(line.record());
                    durables.add(line.done());
                } else if (item instanceof Flush f) {
                    if (f.checkpoint()) {
                        guard(AuditChainAppender::checkpoint);
                    }
                    flushes.add(f);
                } else if (item instanceof Stop) {
                    stop = true;
                }
            }
            guard(AuditChainAppender::checkpointIfDue);
            if (config.fsync() != FsyncPolicy.NONE || !flushes.isEmpty()) {
                guard(AuditChainAppender::force);
            }
            IOException changed = checkAfterWrite();
            guard(AuditChainAppender::publishHeads);
            if (appender != null) {
                checkpoints.set(checkpointsOfClosedAppenders + appender.checkpoints());
            }
            Throwable lost = health == Health.FAILED ? failure : changed;
            for (CompletableFuture<Void> d : durables) {
                if (lost != null) {
                    d.completeExceptionally(lost);
                } else {
                    d.complete(null);
                }
            }
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

    /**
     * Starts a new segment when the file was changed under the writer (see the class comment).
     * Returns nothing: the caller learns of a break through {@link #checkAfterWrite()}.
     */
    private void checkIntegrity(AuditChainAppender a) throws IOException {
        String problem = a.integrityProblem();
        if (problem == null) {
            return;
        }
        segmentBreaks.incrementAndGet();
        log.log(Level.ERROR, "Audit file " + a.file() + " was " + problem + " under the running writer (after seq "
                + a.seq() + "); lines written to it since the last check are lost. The chain continues in a new segment"
                + " after a 'break' line; the verifier reports it as segment_break");
        a.startSegment(problem);
    }

    /** Checks the file after a batch was written: the batch's lines are not durable when it changed. */
    private IOException checkAfterWrite() {
        if (health != Health.RUNNING && health != Health.CLOSED || appender == null) {
            return null;
        }
        long breaksBefore = segmentBreaks.get();
        guard(this::checkIntegrity);
        return segmentBreaks.get() == breaksBefore ? null
                : new IOException("the audit file was changed while this line was written to it");
    }

    /** Opens the log again after a failure; on success the writer runs again, else the wait doubles. */
    private void reopen() {
        try {
            AuditChainAppender reopened = AuditChainAppender.open(config, clock, signer, opener, anchor);
            reopened.publishHeads();
            appender = reopened;
            recoveries.incrementAndGet();
            log.log(Level.INFO, "Audit log " + config.dir() + " works again after " + (failedReopens + 1)
                    + " attempt(s); the chain continues after a restart line");
            failure = null;
            failedReopens = 0;
            if (!stopRequested.get()) {
                health = Health.RUNNING;
            }
        } catch (IOException | RuntimeException e) {
            failedReopens++;
            backoffNanos = Math.min(backoffNanos * 2, config.retryBackoffMax().toNanos());
            retryAtNanos = System.nanoTime() + backoffNanos;
            log.log(Level.DEBUG, "Audit log reopen attempt " + failedReopens + " failed: " + e);
        }
    }

    /** Tickets submitted between the stop and the thread's end: counted, never lost silently. */
    private void drainAfterStop() {
        Object item;
        while ((item = queue.poll()) != null) {
            if (item instanceof AuditRecord) {
                failed.incrementAndGet();
                queue.release();
            } else if (item instanceof Durable line) {
                failed.incrementAndGet();
                queue.release();
                line.done().completeExceptionally(new IllegalStateException("audit writer closed"));
            } else if (item instanceof Flush) {
                ((Flush) item).done().completeExceptionally(new IllegalStateException("audit writer closed"));
            }
        }
    }

    private void guard(IoAction action) {
        if (health == Health.FAILED || appender == null) {
            return;
        }
        try {
            action.run(appender);
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** The first failure of an episode: logged at ERROR once, the appender dropped, a reopen scheduled. */
    private void fail(Throwable e) {
        failure = e;
        if (health == Health.FAILED) {
            return;
        }
        health = Health.FAILED;
        log.log(Level.ERROR, "Audit log " + config.dir() + " failed: " + e + ". Chat requests are refused with 503"
                + " audit_unavailable (unless aigw.audit.fail-open) until it works again; retrying every "
                + config.retryBackoff() + " to " + config.retryBackoffMax(), e);
        if (appender != null) {
            checkpointsOfClosedAppenders += appender.checkpoints();
            try {
                appender.close();
            } catch (IOException | RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            appender = null;
        }
        backoffNanos = config.retryBackoff().toNanos();
        retryAtNanos = System.nanoTime() + backoffNanos;
    }

    @Override
    public String toString() {
        return "AuditWriter[dir=" + config.dir() + ", health=" + health + ", " + counters() + "]";
    }

    @FunctionalInterface
    private interface IoAction {
        void run(AuditChainAppender appender) throws IOException;
    }

    private record Durable(AuditRecord record, CompletableFuture<Void> done) {
    }

    private record Flush(CompletableFuture<Void> done, boolean checkpoint) {
    }

    private enum Stop { INSTANCE }
}
