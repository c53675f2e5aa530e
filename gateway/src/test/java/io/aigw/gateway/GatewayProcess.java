package io.aigw.gateway;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The real gateway in a child JVM, as an operator runs it: {@code java -cp … AigwApplication} from the
 * repository root (it reads {@code ./config/}), demo profile (the in-process mock model is the upstream),
 * ephemeral API, management and mock ports, output to a log file. For tests that need a process of
 * their own: a kill, a memory cap, two replicas. Not thread-safe.
 */
public final class GatewayProcess implements AutoCloseable {

    /** The bound of a start: far above any start seen, even on a loaded machine (see {@link #awaitStarted}). */
    public static final Duration STARTUP = Duration.ofMinutes(10);

    private final Process process;
    private final Path log;
    private final int port;
    private final int managementPort;

    private GatewayProcess(Process process, Path log, int port, int managementPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    /**
     * Starts the gateway; does not wait for it ({@link #awaitReady}).
     *
     * @param jvmOptions options before the class path, for example {@code -Xmx256m}
     * @param arguments Spring arguments ({@code --name=value}) after the demo profile and the ports
     */
    public static GatewayProcess start(Path log, List<String> jvmOptions, List<String> arguments) throws IOException {
        int port = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                AigwApplication.class.getName(),
                "--spring.profiles.active=demo",
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--aigw.demo.mock.port=" + freePort()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                // The repository root: the gateway reads ./config/ as it does when run from a checkout.
                .directory(Path.of("..").toAbsolutePath().normalize().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new GatewayProcess(process, log, port, managementPort);
    }

    /** Waits until actuator health answers 200 on the management port ({@link #awaitStarted}). */
    public GatewayProcess awaitReady(HttpClient http) throws IOException {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        awaitStarted(process, log, () -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return this;
    }

    /** Whether a child gateway is ready; may throw while it is not listening yet. */
    @FunctionalInterface
    public interface Readiness {
        boolean ready() throws Exception;
    }

    /**
     * Waits until {@code ready} holds, polling. Fails at once, with the log, when the process died; and after
     * {@link #STARTUP}, a start that hangs. How fast a gateway starts is not what these tests check: at load 25
     * on two cores a start took over two minutes, so the bound only keeps a hung start from hanging the build.
     */
    public static void awaitStarted(Process process, Path log, Readiness ready) throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            if (!process.isAlive()) {
                fail("the gateway did not start: " + Files.readString(log));
            }
            try {
                if (ready.ready()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (Exception e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                fail("the gateway did not start within " + STARTUP + ": " + Files.readString(log));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    /** The API port. */
    public int port() {
        return port;
    }

    /** The actuator and admin port. */
    public int managementPort() {
        return managementPort;
    }

    /** The process. */
    public Process process() {
        return process;
    }

    /** Everything the process wrote so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Stops it as an orchestrator does (SIGTERM: graceful shutdown, final audit checkpoint) and waits; true when it ended in time. */
    public boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Kills it (SIGKILL) when still running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A port free now on the loopback address. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
