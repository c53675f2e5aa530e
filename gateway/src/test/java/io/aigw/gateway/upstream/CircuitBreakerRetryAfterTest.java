package io.aigw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.MutableClock;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class CircuitBreakerRetryAfterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom().waitDurationInOpenState(Duration.ofSeconds(30)).build());
    private final CircuitBreakerRetryAfter retryAfter = new CircuitBreakerRetryAfter(registry, clock);

    @Test
    void countsDownFromTheMomentTheBreakerOpened() {
        CircuitBreaker breaker = registry.circuitBreaker("upstream-a");
        breaker.transitionToOpenState();
        assertThat(retryAfter.seconds("upstream-a")).isEqualTo(30);
        clock.advance(Duration.ofMillis(10_400));
        assertThat(retryAfter.seconds("upstream-a")).isEqualTo(20);
        clock.advance(Duration.ofSeconds(60));
        assertThat(retryAfter.seconds("upstream-a")).isEqualTo(1);
    }

    @Test
    void breakersCreatedBeforeItAreWatchedToo() {
        CircuitBreakerRegistry early = CircuitBreakerRegistry.of(
                CircuitBreakerConfig.custom().waitDurationInOpenState(Duration.ofSeconds(8)).build());
        CircuitBreaker breaker = early.circuitBreaker("upstream-early");
        CircuitBreakerRetryAfter watcher = new CircuitBreakerRetryAfter(early, clock);
        breaker.transitionToOpenState();
        clock.advance(Duration.ofSeconds(3));
        assertThat(watcher.seconds("upstream-early")).isEqualTo(5);
    }

    @Test
    void aBreakerNeverSeenOpeningAnswersTheConfiguredWait() {
        CircuitBreaker breaker = registry.circuitBreaker("upstream-b");
        breaker.transitionToForcedOpenState();
        HttpHeaders headers = new HttpHeaders();
        retryAfter.apply(headers, CallNotPermittedException.createCallNotPermittedException(breaker));
        assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
        assertThat(retryAfter.seconds("no-such-breaker")).isEqualTo(1);
    }
}
