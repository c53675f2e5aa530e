package io.aigw.gateway.audit;

import java.util.Objects;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Puts admin routes defined outside this package (the console's) where the audit admin endpoints are:
 * on the admin server only ({@link AdminServer}: the management port unless {@code aigw.admin.on-api-port}),
 * and, for data, behind the same token check ({@link AdminAccess}). Without {@code AIGW_ADMIN_TOKEN}
 * every route it is given is dropped. Thread-safe.
 */
public final class AdminGuard {

    private final AdminServer server;
    /** Null when the admin endpoints are off. */
    private final AdminAccess access;

    AdminGuard(AdminServer server, Environment environment) {
        this.server = Objects.requireNonNull(server, "server");
        String token = environment.getProperty(AdminAccess.TOKEN_VARIABLE);
        this.access = AdminAccess.isSet(token) ? new AdminAccess(token) : null;
    }

    /** Whether the admin endpoints are on ({@code AIGW_ADMIN_TOKEN} set). */
    public boolean enabled() {
        return access != null;
    }

    /** {@code routes} on the admin server, every match through the admin token check. */
    public RouterFunction<ServerResponse> guarded(RouterFunction<ServerResponse> routes) {
        return access == null ? request -> Mono.empty() : RouterFunctions.nest(server, routes.filter(access));
    }

    /**
     * {@code routes} on the admin server without the admin token check: only for files that carry no data
     * (the console's page shells, which a browser loads without an {@code Authorization} header), or for
     * routes the caller puts behind a check of its own (the console's data, behind its sessions).
     */
    public RouterFunction<ServerResponse> unguarded(RouterFunction<ServerResponse> routes) {
        return access == null ? request -> Mono.empty() : RouterFunctions.nest(server, routes);
    }

    @Override
    public String toString() {
        return "AdminGuard[" + server + (access == null ? ", off]" : "]");
    }
}
