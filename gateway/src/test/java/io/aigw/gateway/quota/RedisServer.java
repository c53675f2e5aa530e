package io.aigw.gateway.quota;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real Debian {@code redis-server} for the quota tests: a child process on a free port of 127.0.0.1,
 * without persistence, that a test can stop (SIGKILL: the way a crashed or partitioned server looks to the
 * gateway) and start again on the same port. Its absence fails the test with the command that installs
 * it: CI installs it ({@code .ci/run}), and a quota test that silently skipped would prove nothing.
 */
final class RedisServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Starts a server on a free port; fails when {@code redis-server} is not installed. */
    static RedisServer start() {
        try {
            RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("aigw-redis"));
            server.startAgain();
            return server;
        } catch (IOException e) {
            throw new AssertionError("could not start redis-server: " + e.getMessage(), e);
        }
    }

    /** {@code redis://127.0.0.1:<port>}. */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Starts the server (again) on its port and waits until it answers {@code PING}. */
    synchronized void startAgain() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server already running");
        }
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("redis-server is required by the quota tests and could not be run ("
                    + e.getMessage() + "); install it: apt-get install -y redis-server", e);
        }
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("redis-server did not start on port " + port + "; its log: " + log());
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Kills the server at once (no shutdown handshake) and waits until it is gone. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("redis-server did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        process = null;
    }

    /** Sends one inline command and returns the first line of the reply. */
    String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        } catch (IOException e) {
            return "";
        }
    }

    private boolean answersPing() {
        return "+PONG".equals(command("PING"));
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
