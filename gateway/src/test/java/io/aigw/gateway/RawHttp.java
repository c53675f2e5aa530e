package io.aigw.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.x over a plain socket, sent byte for byte as written: no path normalisation, repeated headers
 * kept, any protocol version (what {@code curl --path-as-is} does). For tests only.
 */
public final class RawHttp {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private RawHttp() {
    }

    /**
     * An answer as received.
     *
     * @param head the status line and headers
     * @param body everything after the head, as sent (not de-chunked)
     */
    public record Response(String head, String body) {

        public int status() {
            return Integer.parseInt(head.substring(head.indexOf(' ') + 1, head.indexOf(' ') + 4));
        }

        /** Whether the head has header {@code name} (case-insensitive). */
        public boolean hasHeader(String name) {
            return head.toLowerCase(Locale.ROOT).contains("\r\n" + name.toLowerCase(Locale.ROOT) + ":");
        }

        @Override
        public String toString() {
            return head + "\r\n\r\n" + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    /** Sends {@code request} (head and body, exactly) and reads until the server closes the connection. */
    public static Response exchange(int port, String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String all = readToEnd(socket.getInputStream());
            int end = all.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new AssertionError("no complete answer head in: " + all);
            }
            return new Response(all.substring(0, end), all.substring(end + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code GET} of {@code target} (the request-target as written), with extra header lines, closing after. */
    public static Response get(int port, String target, String... headerLines) {
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port)
                .append("\r\nConnection: close\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return exchange(port, request.append("\r\n").toString());
    }

    /**
     * Reads from {@code socket} until the server closes it, at most {@code limit}.
     *
     * @return whether the server closed the connection (end of stream or reset) within {@code limit}
     */
    public static boolean closedByServerWithin(Socket socket, Duration limit) throws IOException {
        socket.setSoTimeout((int) limit.toMillis());
        long deadline = System.nanoTime() + limit.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            while (System.nanoTime() < deadline) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) { // connection reset by the server
            return true;
        }
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
