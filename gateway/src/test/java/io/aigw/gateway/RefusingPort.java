package io.aigw.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Local ports that refuse connections for the test JVM's life: each is bound by a socket that never
 * listens and is never closed, so connecting to it is refused and nothing else can be given the port.
 * A port taken with {@code new ServerSocket(0)} and closed at once is free again: the kernel handed one
 * such port to the next server started on port 0 (a gateway context of the same test run), and the
 * "dead upstream" answered (UpstreamDownIntegrationTest saw that gateway's 401 instead of a refusal).
 */
public final class RefusingPort {

    private static final List<Socket> HELD = new ArrayList<>();

    private RefusingPort() {
    }

    /** A port on the loopback address that refuses connections until the JVM exits. */
    public static synchronized int reserve() {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HELD.add(socket);
        return socket.getLocalPort();
    }
}
