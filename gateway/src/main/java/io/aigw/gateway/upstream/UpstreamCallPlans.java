package io.aigw.gateway.upstream;

import io.aigw.gateway.config.AigwProperties;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Starts the {@link UpstreamCallPlan} of each chat exchange: resolves its route's settings (cached per
 * route until the route's metadata changes) and starts the deadline. Thread-safe.
 */
@Component
public class UpstreamCallPlans {

    private final AigwProperties aigw;
    private final UpstreamResilienceProperties defaults;
    private final LongSupplier ticker;
    private final UnaryOperator<String> environment;
    private final Map<String, Resolved> byRoute = new ConcurrentHashMap<>();

    @Autowired
    public UpstreamCallPlans(AigwProperties aigw, UpstreamResilienceProperties defaults, Environment environment) {
        this(aigw, defaults, environment::getProperty, System::nanoTime);
    }

    UpstreamCallPlans(AigwProperties aigw, UpstreamResilienceProperties defaults, UnaryOperator<String> environment,
                      LongSupplier ticker) {
        this.aigw = aigw;
        this.defaults = defaults;
        this.environment = environment;
        this.ticker = ticker;
    }

    /**
     * Starts the plan of {@code exchange} (its route must be set) and keeps it in its attributes.
     *
     * @throws IllegalArgumentException when the route's metadata holds an invalid setting (named)
     */
    public UpstreamCallPlan start(ServerWebExchange exchange) {
        Route route = exchange.getRequiredAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        RouteUpstreamSettings settings = settingsOf(route);
        UpstreamCallPlan plan = new UpstreamCallPlan(route.getId(), settings,
                UpstreamDeadline.startingNow(settings.totalTimeout(), ticker));
        exchange.getAttributes().put(UpstreamCallPlan.ATTRIBUTE, plan);
        return plan;
    }

    /** The settings of {@code route}: its metadata over the global defaults. */
    public RouteUpstreamSettings settingsOf(Route route) {
        Map<String, Object> metadata = route.getMetadata();
        Resolved cached = byRoute.get(route.getId());
        if (cached != null && cached.metadata().equals(metadata)) {
            return cached.settings();
        }
        RouteUpstreamSettings settings = RouteUpstreamSettings.of(route.getId(), metadata, aigw.upstream().idleTimeout(), defaults, environment);
        byRoute.put(route.getId(), new Resolved(metadata, settings));
        return settings;
    }

    private record Resolved(Map<String, Object> metadata, RouteUpstreamSettings settings) {
    }
}
