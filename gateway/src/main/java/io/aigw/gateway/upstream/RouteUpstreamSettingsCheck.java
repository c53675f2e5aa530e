package io.aigw.gateway.upstream;

import io.aigw.filters.protocol.Protocol;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Resolves every route's upstream settings once the application is ready, so that a bad
 * {@code idle-timeout}, {@code total-timeout}, {@code max-retries}, {@code fallbacks}, {@code forward-headers}
 * or {@code forward-query} in a route's
 * metadata stops the start with a message naming the route, the key and the value, instead of
 * failing that route's requests later.
 */
@Component
public class RouteUpstreamSettingsCheck {

    private final RouteLocator routes;
    private final UpstreamCallPlans plans;
    private final RouteForwarding forwarding;

    public RouteUpstreamSettingsCheck(RouteLocator routes, UpstreamCallPlans plans, RouteForwarding forwarding) {
        this.routes = routes;
        this.plans = plans;
        this.forwarding = forwarding;
    }

    /**
     * Runs on the thread that publishes the event (the start-up thread), where waiting for the route
     * list is fine.
     *
     * @throws IllegalArgumentException naming the first misconfigured route
     */
    @EventListener(ApplicationReadyEvent.class)
    public void checkRoutes() {
        List<Route> all = routes.getRoutes().collectList().block(Duration.ofSeconds(30));
        if (all != null) {
            all.forEach(plans::settingsOf);
            all.forEach(route -> forwarding.of(route, Protocol.OPENAI));
        }
    }
}
