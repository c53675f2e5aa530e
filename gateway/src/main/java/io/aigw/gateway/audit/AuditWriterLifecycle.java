package io.aigw.gateway.audit;

import io.aigw.filters.audit.AuditWriter;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the audit writer (drain, final checkpoint, fsync) after the web server stopped: its phase
 * is below the web server's start/stop and graceful-shutdown phases, so it stops after them, once
 * in-flight exchanges have ended and queued their lines. Not pauseable: a closed writer cannot be
 * started again, so a paused context (as the Spring test context cache pauses idle contexts) keeps it.
 */
final class AuditWriterLifecycle implements SmartLifecycle {

    /** Below {@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE} (DEFAULT_PHASE - 2048). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final AuditWriter writer;
    private volatile boolean running;

    AuditWriterLifecycle(AuditWriter writer) {
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    @Override
    public void start() {
        running = true; // the writer started when its bean was created, before the server
    }

    @Override
    public void stop() {
        writer.close();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
