package io.aigw.gateway.demo;

import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a {@link MockModelServer} with the application context: started before the web server
 * accepts traffic and stopped after it has stopped, so the gateway never sees its demo upstream
 * missing. Thread-safe.
 */
public final class MockModelServerLifecycle implements SmartLifecycle {

    /** Earlier than Spring Boot's web server start/stop phases, so it starts first and stops last. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final MockModelServer server;

    /** @param server the server to run, not yet started; never null */
    public MockModelServerLifecycle(MockModelServer server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    /** @throws IllegalStateException if the configured port cannot be bound */
    @Override
    public void start() {
        server.start();
    }

    @Override
    public void stop() {
        server.stop();
    }

    @Override
    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The managed server, e.g. to read its {@link MockModelServer#port()} when bound to port 0. */
    public MockModelServer server() {
        return server;
    }
}
