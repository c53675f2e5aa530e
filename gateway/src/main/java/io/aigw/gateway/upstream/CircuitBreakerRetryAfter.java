package io.aigw.gateway.upstream;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * The {@code Retry-After} of the 503 answered while an upstream's circuit breaker is open: the whole
 * seconds until the breaker may let a trial call through (half-open), at least 1. It watches every
 * breaker of the registry for its transitions to open; for a breaker it never saw open (forced open,
 * say) it answers the configured wait. Thread-safe.
 */
@Component
public class CircuitBreakerRetryAfter {

    private final CircuitBreakerRegistry registry;
    private final Clock clock;
    private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();

    public CircuitBreakerRetryAfter(CircuitBreakerRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        registry.getAllCircuitBreakers().forEach(this::watch);
        registry.getEventPublisher().onEntryAdded(event -> watch(event.getAddedEntry()));
    }

    private void watch(CircuitBreaker breaker) {
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt.put(breaker.getName(), clock.instant());
            } else {
                openedAt.remove(breaker.getName());
            }
        });
    }

    /** Seconds until the named breaker may half-open; 1 at least; the configured wait when unknown. */
    public long seconds(String breakerName) {
        Optional<CircuitBreaker> breaker = registry.find(breakerName);
        if (breaker.isEmpty()) {
            return 1;
        }
        long waitMillis = breaker.get().getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
        Instant opened = openedAt.get(breakerName);
        long remainingMillis = opened == null ? waitMillis
                : waitMillis - Duration.between(opened, clock.instant()).toMillis();
        return Math.max(1, (remainingMillis + 999) / 1000);
    }

    /** Sets {@code Retry-After} on {@code headers} for the breaker that refused the call. */
    public void apply(HttpHeaders headers, CallNotPermittedException refusal) {
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds(refusal.getCausingCircuitBreakerName())));
    }
}
