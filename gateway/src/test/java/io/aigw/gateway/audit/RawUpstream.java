package io.aigw.gateway.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A test upstream on a plain server socket, so a test sees exactly what happens on the connection:
 * each accepted connection reads one HTTP/1.1 request and runs the next queued {@link Script} with
 * the socket. {@link #waitForClose} lets a script answer in part and then report when the
 * gateway closed the connection. One daemon thread per connection; for tests only.
 */
final class RawUpstream implements AutoCloseable {

    /** What to do with one connection once its request was read. */
    @FunctionalInterface
    interface Script {
        void run(String requestBody, Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    RawUpstream() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptLoop, "raw-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Queues the script of the next connection. */
    void next(Script script) {
        scripts.add(script);
    }

    /** A whole JSON answer. */
    static Script json(String body) {
        return (request, socket) -> {
            OutputStream out = socket.getOutputStream();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
        };
    }

    /** Starts a chunked event stream and writes {@code events} as one chunk. */
    static void startStream(OutputStream out, String events) throws IOException {
        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        chunk(out, events);
    }

    static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Blocks until the peer closes the connection, then completes {@code closed} with the
     * {@link System#nanoTime()} of the close; completes it exceptionally when nothing happens
     * within {@code timeoutMillis}.
     */
    static void waitForClose(Socket socket, int timeoutMillis, CompletableFuture<Long> closed) {
        try {
            socket.setSoTimeout(timeoutMillis);
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // the gateway sends nothing more on this connection; drain until it closes
            }
            closed.complete(System.nanoTime());
        } catch (SocketTimeoutException e) {
            closed.completeExceptionally(new AssertionError("the gateway kept the upstream connection open", e));
        } catch (IOException e) {
            closed.complete(System.nanoTime()); // a reset is a close too
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread handler = new Thread(() -> handle(socket), "raw-upstream-connection");
            handler.setDaemon(true);
            handler.start();
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String body = readRequest(in);
            Script script = scripts.poll();
            OutputStream out = socket.getOutputStream();
            if (script == null) {
                out.write("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            script.run(body, socket);
        } catch (IOException e) {
            // the gateway went away; the script reports what it needs
        }
    }

    /** Reads the head and a Content-Length body (the gateway sends the request body with its length). */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the request head");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
