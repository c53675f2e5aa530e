package io.aigw.gateway.audit;

import java.net.InetSocketAddress;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Whether a request came in on a server the admin endpoints answer on: the management server
 * ({@code management.server.port}, a separate server whose port is learnt when it starts), and the API
 * server too only with {@code aigw.admin.on-api-port}. Decided on the socket's local port, which no
 * header can change. When management shares the API port, admin answers nowhere unless
 * {@code on-api-port} is set. Thread-safe.
 */
final class AdminServer implements RequestPredicate, ApplicationListener<WebServerInitializedEvent> {

    /** The server namespace of Spring Boot's separate management server. */
    static final String MANAGEMENT_NAMESPACE = "management";

    private final boolean onApiPort;
    /** The management server's port once it started; -1 before (or when there is no separate one). */
    private volatile int managementPort = -1;

    AdminServer(boolean onApiPort) {
        this.onApiPort = onApiPort;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (MANAGEMENT_NAMESPACE.equals(event.getApplicationContext().getServerNamespace())) {
            managementPort = event.getWebServer().getPort();
        }
    }

    @Override
    public boolean test(ServerRequest request) {
        if (onApiPort) {
            return true;
        }
        int port = managementPort;
        return port > 0 && request.localAddress().map(InetSocketAddress::getPort).orElse(-1) == port;
    }

    @Override
    public String toString() {
        return onApiPort ? "any port" : "management port";
    }
}
