package io.aigw.gateway.upstream;

import io.aigw.gateway.config.AigwProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
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

    /** Spring Cloud Gateway's route metadata key of the response timeout (milliseconds). */
    static final String ROUTE_RESPONSE_TIMEOUT = RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;

    private final AigwProperties aigw;
    private final UpstreamResilienceProperties defaults;
    private final LongSupplier ticker;
    private final UnaryOperator<String> environment;
    private final Duration defaultResponseTimeout;
    private final Map<String, Resolved> byRoute = new ConcurrentHashMap<>();

    @Autowired
    public UpstreamCallPlans(AigwProperties aigw, UpstreamResilienceProperties defaults, Environment environment,
                             HttpClientProperties httpClient) {
        this(aigw, defaults, environment::getProperty, System::nanoTime, httpClient.getResponseTimeout());
    }

    UpstreamCallPlans(AigwProperties aigw, UpstreamResilienceProperties defaults, UnaryOperator<String> environment,
                      LongSupplier ticker) {
        this(aigw, defaults, environment, ticker, null);
    }

    UpstreamCallPlans(AigwProperties aigw, UpstreamResilienceProperties defaults, UnaryOperator<String> environment,
                      LongSupplier ticker, Duration defaultResponseTimeout) {
        this.defaultResponseTimeout = defaultResponseTimeout == null || defaultResponseTimeout.isNegative()
                ? Duration.ZERO : defaultResponseTimeout;
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
        Resolved resolved = resolved(route);
        RouteUpstreamSettings settings = resolved.settings();
        UpstreamCallPlan plan = new UpstreamCallPlan(route.getId(), settings,
                UpstreamDeadline.startingNow(settings.totalTimeout(), ticker), resolved.responseTimeout(), resolved.routingView());
        exchange.getAttributes().put(UpstreamCallPlan.ATTRIBUTE, plan);
        return plan;
    }

    /** The settings of {@code route}: its metadata over the global defaults. */
    public RouteUpstreamSettings settingsOf(Route route) {
        return resolved(route).settings();
    }

    @SuppressWarnings("ReferenceEquality") // the same route object: its metadata cannot have changed since
    private Resolved resolved(Route route) {
        Map<String, Object> metadata = route.getMetadata();
        Resolved cached = byRoute.get(route.getId());
        if (cached != null && (cached.metadata().equals(metadata) || cached.routingView() == route)) {
            return cached;
        }
        RouteUpstreamSettings settings = RouteUpstreamSettings.of(route.getId(), metadata, aigw.upstream().idleTimeout(), defaults, environment);
        Duration responseTimeout = responseTimeoutOf(route);
        Resolved resolved = new Resolved(metadata, settings, responseTimeout, routingView(route));
        byRoute.put(route.getId(), resolved);
        return resolved;
    }

    /**
     * The route's response timeout as Spring Cloud Gateway reads it: the metadata's {@code response-timeout}
     * (milliseconds; negative: none) over {@code httpclient.response-timeout}. Zero means none.
     */
    private Duration responseTimeoutOf(Route route) {
        Object value = route.getMetadata().get(ROUTE_RESPONSE_TIMEOUT);
        if (value == null) {
            return defaultResponseTimeout;
        }
        long millis;
        try {
            millis = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("route '" + route.getId() + "' metadata: " + ROUTE_RESPONSE_TIMEOUT
                    + " '" + value + "' is not a number of milliseconds", e);
        }
        return millis < 0 ? Duration.ZERO : Duration.ofMillis(millis);
    }

    /**
     * {@code route} with Spring Cloud Gateway's own response timer off (a negative {@code response-timeout}):
     * {@link EventLoopResponseTimeout} keeps the chat routes' response timeout instead.
     */
    private static Route routingView(Route route) {
        Map<String, Object> metadata = new HashMap<>(route.getMetadata());
        metadata.put(ROUTE_RESPONSE_TIMEOUT, -1L);
        return Route.async().id(route.getId()).uri(route.getUri()).order(route.getOrder())
                .asyncPredicate(route.getPredicate()).replaceFilters(route.getFilters())
                .replaceMetadata(metadata)
                .build();
    }

    private record Resolved(Map<String, Object> metadata, RouteUpstreamSettings settings, Duration responseTimeout,
                            Route routingView) {
    }
}
