package io.aigw.filters.audit;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link AuditAnchor} of the gateway: hands checkpoint heads to its witnesses
 * ({@link DirectoryWitness}, {@link HttpWitness}) on a thread of its own, so the writer never waits
 * for them. The queue is bounded ({@value #CAPACITY} heads); when it is full the oldest head waiting
 * is dropped (a later head vouches for more of the chain) and counted. A witness that fails is
 * counted and logged at WARNING once until it works again (then at INFO); a failed head is not
 * retried, the next checkpoint's head is sent instead. Thread-safe.
 */
public final class AuditWitness implements AuditAnchor, AutoCloseable {

    static final int CAPACITY = 256;
    private static final System.Logger log = System.getLogger(AuditWitness.class.getName());
    private static final Object STOP = new Object();

    private final List<WitnessSink> sinks;
    private final boolean[] failing;
    private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** Starts the thread. */
    public AuditWitness(List<WitnessSink> sinks) {
        this.sinks = List.copyOf(sinks);
        this.failing = new boolean[this.sinks.size()];
        this.thread = new Thread(this::run, "aigw-audit-witness");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void publish(CheckpointHead head) {
        while (!queue.offer(head)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
            }
        }
    }

    /** Heads stored by a witness (each witness counts). */
    public long sent() {
        return sent.get();
    }

    /** Heads a witness failed to store. */
    public long failed() {
        return failed.get();
    }

    /** Heads dropped unsent because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Sends what is queued (waiting up to 5 s), then stops the thread. */
    @Override
    public void close() {
        publishStop();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publishStop() {
        while (!queue.offer(STOP)) {
            queue.poll();
        }
    }

    private void run() {
        while (true) {
            Object item;
            try {
                item = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                continue; // only close() stops the witness
            }
            if (item == STOP) {
                return;
            }
            if (item instanceof CheckpointHead head) {
                sendToAll(head);
            }
        }
    }

    private void sendToAll(CheckpointHead head) {
        for (int i = 0; i < sinks.size(); i++) {
            WitnessSink sink = sinks.get(i);
            try {
                sink.send(head);
                sent.incrementAndGet();
                if (failing[i]) {
                    failing[i] = false;
                    log.log(Level.INFO, "Audit witness " + sink.describe() + " works again (head seq " + head.seq() + ")");
                }
            } catch (IOException | RuntimeException e) {
                failed.incrementAndGet();
                if (!failing[i]) {
                    failing[i] = true;
                    log.log(Level.WARNING, "Audit witness " + sink.describe() + " failed to store the head of seq "
                            + head.seq() + " (counted; later heads are still sent): " + e, e);
                }
            }
        }
    }
}
