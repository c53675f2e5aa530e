package io.aigw.gateway.upstream;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import java.time.Duration;
import java.util.Objects;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * How one chat exchange calls its route's upstream: the route's settings and the exchange's
 * deadline, started when the protocol filter accepted the request. Kept in the exchange attributes
 * for {@link UpstreamCallGlobalFilter}; the response decorator guards the answer with
 * {@link #guardAnswer(Flux)}. Immutable and thread-safe.
 *
 * @param routeId the route's id; the breaker is {@code upstream-<routeId>}, the retry budget its own
 * @param settings the route's timeouts and retry count
 * @param deadline when the whole exchange with the upstream must be over
 * @param responseTimeout longest wait for the upstream's response headers, per attempt
 *     ({@link EventLoopResponseTimeout}); zero means none
 * @param routingView the route as the routing filter sees it (Spring Cloud Gateway's own response timer
 *     off), or {@code null} to leave the exchange's route as it is
 */
public record UpstreamCallPlan(String routeId, RouteUpstreamSettings settings, UpstreamDeadline deadline,
                               Duration responseTimeout, Route routingView) {

    /** Exchange attribute holding the plan. */
    public static final String ATTRIBUTE = UpstreamCallPlan.class.getName();

    public UpstreamCallPlan {
        Objects.requireNonNull(routeId, "routeId");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
    }

    /** A plan without a response timeout of its own. */
    public UpstreamCallPlan(String routeId, RouteUpstreamSettings settings, UpstreamDeadline deadline) {
        this(routeId, settings, deadline, Duration.ZERO, null);
    }

    /** The plan of {@code exchange}, or {@code null} on routes without the protocol filter. */
    public static UpstreamCallPlan of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    /** The name of the route's Resilience4j circuit breaker. */
    public String breakerName() {
        return "upstream-" + routeId;
    }

    /**
     * {@code chunks} (the upstream's answer after its headers) failing with an
     * {@link ErrorKind#UPSTREAM_TIMEOUT} {@link ProtocolException} when the upstream stays silent
     * longer than the idle timeout, or when the deadline passes, whichever comes first. The caller turns
     * that failure into a 504 before the first byte reached the client, or the protocol's error event after.
     * One timer per answer, re-armed lazily ({@link AnswerWatchdog}), not one per chunk.
     */
    public <T> Flux<T> guardAnswer(Flux<T> chunks) {
        return Flux.defer(() -> new AnswerWatchdog(settings.idleTimeout(), deadline, Schedulers.parallel()).guard(chunks));
    }
}
