package io.aigw.gateway.logging;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Hands log lines from event-loop threads to one daemon thread that writes them: an appender may block
 * (a console or file write, a lock), which must never happen on a Netty or Reactor thread. The queue is
 * lock-free and bounded ({@code aigw.logging.queue-capacity}); when it is full the line is dropped and
 * counted ({@link #dropped()}, metric {@code aigw_log_lines_dropped_total}), never waited for. The writer
 * thread parks while the queue is empty and a new line unparks it ({@link LockSupport#unpark}, which never
 * blocks). Thread-safe.
 */
public final class LogHandOff implements AutoCloseable {

    /** The longest the writer sleeps with an empty queue; a new line wakes it at once. */
    private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** One line: the logger, its level, the message and the structured fields (name, value pairs). */
    record Line(Logger logger, Level level, String message, Object[] fields) {
    }

    private final ConcurrentLinkedQueue<Line> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final int capacity;
    private final Thread writer;
    private volatile boolean closed;
    /** The writer found the queue empty and parks (or is about to): the next line unparks it. */
    private volatile boolean idle;

    /** @throws IllegalArgumentException when {@code capacity} is not positive */
    public LogHandOff(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("aigw.logging.queue-capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.writer = new Thread(this::drainUntilClosed, "aigw-log-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Queues a line; never blocks.
     *
     * @param fields structured fields as alternating names and values, also given to the logger as key-value pairs
     *     (a structured encoder, such as Spring Boot's {@code logging.structured.format.console}, writes them as fields)
     * @return false when the queue was full or closed and the line was dropped
     */
    public boolean submit(Logger logger, Level level, String message, Object... fields) {
        Objects.requireNonNull(logger, "logger");
        if (closed) {
            dropped.incrementAndGet();
            return false;
        }
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return false;
        }
        queue.offer(new Line(logger, level, message, fields));
        if (idle) {
            LockSupport.unpark(writer); // never blocks
        }
        return true;
    }

    /** Lines dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    private void drainUntilClosed() {
        while (true) {
            Line line = queue.poll();
            if (line == null) {
                if (closed) {
                    return;
                }
                idle = true;
                // Checked again after announcing idleness: a line offered before it saw idle=false is found here.
                if (queue.isEmpty() && !closed) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                idle = false;
                continue;
            }
            size.decrementAndGet();
            write(line);
        }
    }

    private static void write(Line line) {
        try {
            var event = line.logger().atLevel(line.level()).setMessage(line.message());
            Object[] f = line.fields();
            for (int i = 0; i + 1 < f.length; i += 2) {
                event = event.addKeyValue((String) f[i], f[i + 1]);
            }
            event.log();
        } catch (RuntimeException e) {
            // an appender's failure must not end the writer thread
        }
    }

    /** Writes what is queued, then stops the writer thread (waits up to 5 s). */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
