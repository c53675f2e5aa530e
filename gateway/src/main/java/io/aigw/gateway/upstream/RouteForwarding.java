package io.aigw.gateway.upstream;

import io.aigw.filters.protocol.Protocol;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.stereotype.Component;

/** The {@link ForwardedRequestParts} of each chat route, resolved once per route and protocol (again when its metadata changes). */
@Component
public class RouteForwarding {

    private final Map<String, Resolved> byRoute = new ConcurrentHashMap<>();
    private final ForwardingProperties global;

    public RouteForwarding(ForwardingProperties global) {
        this.global = global;
    }

    /**
     * What {@code route}, speaking {@code protocol}, forwards of the client's request.
     *
     * @throws IllegalArgumentException naming the route when its metadata holds an invalid setting
     */
    public ForwardedRequestParts of(Route route, Protocol protocol) {
        String key = route.getId() + "\u0000" + protocol;
        Map<String, Object> metadata = route.getMetadata();
        Resolved cached = byRoute.get(key);
        if (cached != null && cached.metadata().equals(metadata)) {
            return cached.parts();
        }
        ForwardedRequestParts parts = ForwardedRequestParts.of(route.getId(), protocol, metadata, global);
        byRoute.put(key, new Resolved(metadata, parts));
        return parts;
    }

    private record Resolved(Map<String, Object> metadata, ForwardedRequestParts parts) {
    }
}
