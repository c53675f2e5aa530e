package io.aigw.gateway.upstream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.aigw.gateway.exchange.ChatExchange;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Wraps the call to a chat route's upstream, from the request until the upstream's response headers
 * (after every route filter ran, before {@link NettyRoutingFilter}; the answer's body is written only
 * once this completes, so nothing reached the client while an attempt can still be repeated):
 * <ul>
 *   <li>each attempt goes through the route's circuit breaker ({@code upstream-<route id>}), which
 *       counts failures and retryable statuses; while it is open the call fails at once with
 *       {@link io.github.resilience4j.circuitbreaker.CallNotPermittedException} (503 with
 *       {@code Retry-After} upstream of here);</li>
 *   <li>failures that are safe to repeat ({@link RetryableFailures}) and the configured statuses
 *       (502/503/529) are retried up to the route's {@code max-retries}, with exponential backoff and
 *       jitter, while the upstream's {@link RetryBudget} allows; the previous attempt's response is
 *       discarded first ({@link ServerWebExchangeUtils#reset}). When no retry follows, a retryable
 *       status goes to the client as the upstream sent it;</li>
 *   <li>when the route's upstream still failed before its answer started (a failure or status above,
 *       its breaker open, or no response headers in time), the route's {@link UpstreamFallback}s are
 *       tried in order, once each, through breakers of their own, skipping those whose model the
 *       product's license does not cover ({@link ModelLicenseCheck}); the request is rewritten for the
 *       fallback's model, key and URI. When none is taken, the client gets the route's own outcome;</li>
 *   <li>each attempt waits for its response headers at most the route's response timeout, kept on the
 *       upstream connection's event loop ({@link EventLoopResponseTimeout}: 504, not retried);</li>
 *   <li>the exchange's total deadline bounds all attempts and pauses together (504 when it passes); while
 *       an attempt waits for its headers, the deadline and the arriving headers are kept apart by a
 *       {@link DeadlineClaim};</li>
 *   <li>a failure the call reports after the exchange stopped waiting for it (a timeout, the client
 *       gone) is handled by {@link AbandonedCallFailures}, not Reactor's global hook;</li>
 *   <li>the upstream that answered is named in the response header {@value #UPSTREAM_HEADER} and the
 *       exchange's facts ({@code recordUpstreamServedBy}): the route id, or the fallback's name; each
 *       attempt's upstream is recorded as called ({@code recordUpstreamCalled}) for the audit line.</li>
 * </ul>
 * Exchanges without an {@link UpstreamCallPlan} (routes without {@code ChatProtocol}) pass through.
 */
@Component
public class UpstreamCallGlobalFilter implements GlobalFilter, Ordered {

    /** After the route filters and the URL resolution, before the routing filter and the body setter. */
    public static final int ORDER = NettyRoutingFilter.ORDER - 10;
    /** Response header naming the upstream that answered. */
    public static final String UPSTREAM_HEADER = "X-Upstream";

    private final CircuitBreakerRegistry circuitBreakers;
    private final RetryBudgets budgets;
    private final Backoff backoff;
    private final Set<Integer> retryableStatuses;
    private final ModelLicenseCheck licenses;
    private final UpstreamMetrics metrics;

    public UpstreamCallGlobalFilter(CircuitBreakerRegistry circuitBreakers, RetryBudgets budgets,
                                    UpstreamResilienceProperties properties, ModelLicenseCheck licenses,
                                    UpstreamMetrics metrics) {
        this.circuitBreakers = circuitBreakers;
        this.metrics = metrics;
        this.budgets = budgets;
        this.licenses = licenses;
        UpstreamResilienceProperties.Retry retry = properties.retry();
        this.backoff = new Backoff(retry.initialBackoff(), retry.maxBackoff(), () -> ThreadLocalRandom.current().nextDouble());
        this.retryableStatuses = Set.copyOf(retry.statuses());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        UpstreamCallPlan plan = UpstreamCallPlan.of(exchange);
        if (plan == null) {
            return chain.filter(exchange);
        }
        CircuitBreaker breaker = circuitBreakers.circuitBreaker(plan.breakerName());
        RetryBudget budget = budgets.of(plan.routeId());
        budget.recordRequest();
        int maxRetries = plan.settings().maxRetries();
        DeadlineClaim claim = new DeadlineClaim(plan.deadline());
        if (plan.routingView() != null) {
            exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, plan.routingView());
        }
        Mono<Void> attempt = Mono.defer(() -> {
                    called(exchange, plan.routeId());
                    return chain.filter(exchange);
                })
                .contextWrite(context -> EventLoopResponseTimeout.startingNow(context, plan.responseTimeout()))
                .then(Mono.<Void>fromRunnable(() -> failOnRetryableStatus(exchange)))
                .transformDeferred(CircuitBreakerOperator.<Void>of(breaker));
        Retry retry = Retry.from(signals -> signals.concatMap(signal -> {
            Throwable failure = signal.failure();
            if (signal.totalRetries() >= maxRetries || !RetryableFailures.isRetryable(failure)) {
                return Mono.error(failure);
            }
            if (!budget.tryAcquireRetry()) {
                metrics.retryDenied(plan.routeId());
                return Mono.error(failure);
            }
            metrics.retried(plan.routeId());
            ServerWebExchangeUtils.reset(exchange);
            return claim.reopen().then(Mono.delay(backoff.before(signal.totalRetries())));
        }));
        List<UpstreamFallback> fallbacks = plan.settings().fallbacks();
        return attempt.retryWhen(retry)
                .then(Mono.<Void>fromRunnable(() -> servedBy(exchange, plan.routeId())))
                .onErrorResume(e -> !fallbacks.isEmpty() && warrantsFallback(e), e -> fallback(exchange, chain, plan, claim, 0, e))
                // No retry or fallback follows: the upstream's own answer goes to the client as it came.
                .onErrorResume(RetryableStatusException.class, e -> Mono.empty())
                .timeout(claim.expiry(), Mono.from(UpstreamDeadline.unreachableFallback()))
                .contextWrite(context -> EventLoopResponseTimeout.claiming(context, claim))
                // A failure the call reports after a timeout or the client gave up on it: AbandonedCallFailures.
                .contextWrite(AbandonedCallFailures::handledIn);
    }

    /** Failures of an upstream before its answer started that another upstream may make good. */
    private static boolean warrantsFallback(Throwable failure) {
        if (RetryableFailures.isRetryable(failure) || failure instanceof CallNotPermittedException) {
            return true;
        }
        return failure instanceof ResponseStatusException rse && rse.getStatusCode().value() == 504;
    }

    /**
     * Tries {@code fallbacks} from {@code index} on; {@code failure} is the last failure, returned when
     * no fallback is left. The previous response is discarded only once a fallback is actually taken.
     */
    private Mono<Void> fallback(ServerWebExchange exchange, GatewayFilterChain chain, UpstreamCallPlan plan,
                                DeadlineClaim claim, int index, Throwable failure) {
        List<UpstreamFallback> fallbacks = plan.settings().fallbacks();
        if (index >= fallbacks.size()) {
            return Mono.error(failure);
        }
        UpstreamFallback fallback = fallbacks.get(index);
        ChatExchange chat = ChatExchange.of(exchange);
        return licenses.covers(chat, fallback.model()).flatMap(covered -> {
            metrics.fallback(plan.routeId(), fallback.name(), covered);
            if (!covered) {
                return fallback(exchange, chain, plan, claim, index + 1, failure);
            }
            ServerWebExchangeUtils.reset(exchange);
            ServerWebExchange rerouted = FallbackRequests.reroute(exchange, chat, fallback);
            Mono<Void> attempt = Mono.defer(() -> {
                        called(exchange, fallback.name());
                        return chain.filter(rerouted);
                    })
                    .contextWrite(context -> EventLoopResponseTimeout.startingNow(context, plan.responseTimeout()))
                    .then(Mono.<Void>fromRunnable(() -> failOnRetryableStatus(exchange)))
                    .transformDeferred(CircuitBreakerOperator.<Void>of(circuitBreakers.circuitBreaker(fallback.breakerName())))
                    .then(Mono.<Void>fromRunnable(() -> servedBy(exchange, fallback.name())))
                    .onErrorResume(e -> warrantsFallback(e), e -> fallback(exchange, chain, plan, claim, index + 1, e));
            return claim.reopen().then(attempt);
        });
    }

    private static void called(ServerWebExchange exchange, String upstream) {
        ChatExchange chat = ChatExchange.of(exchange);
        if (chat != null) {
            chat.facts().recordUpstreamCalled(upstream);
        }
    }

    private static void servedBy(ServerWebExchange exchange, String upstream) {
        ChatExchange chat = ChatExchange.of(exchange);
        if (chat != null) {
            chat.facts().recordUpstreamServedBy(upstream);
        }
        exchange.getResponse().getHeaders().set(UPSTREAM_HEADER, upstream);
    }

    private void failOnRetryableStatus(ServerWebExchange exchange) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        if (status != null && retryableStatuses.contains(status.value())
                && exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) != null) {
            throw new RetryableStatusException(status.value());
        }
    }
}
