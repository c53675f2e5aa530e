package io.aigw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class CircuitBreakerRetryAfterTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-11-24T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();
    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom().waitDurationInOpenState(Duration.ofSeconds(30)).build());
    private final CircuitBreakerRetryAfter retryAfter = new CircuitBreakerRetryAfter(registry, clock);

    @Test
    void countsDownFromTheMomentTheBreakerOpened() {
        CircuitBreaker breaker = registry.circuitBreaker("upstream-a");
        breaker.transitionToOpenState();
        assertThat(retryAfter.seconds("upstream-a")).isEqualTo(30);
        clock.now = clock.now.plusMillis(10_400);
        assertThat(retryAfter.seconds("upstream-a")).isEqualTo(20);
        clock.now = clock.now.plusSeconds(60);
        assertThat(retryAfter.seconds("upstream-a")).isEqualTo(1);
    }

    @Test
    void breakersCreatedBeforeItAreWatchedToo() {
        CircuitBreakerRegistry early = CircuitBreakerRegistry.of(
                CircuitBreakerConfig.custom().waitDurationInOpenState(Duration.ofSeconds(8)).build());
        CircuitBreaker breaker = early.circuitBreaker("upstream-early");
        CircuitBreakerRetryAfter watcher = new CircuitBreakerRetryAfter(early, clock);
        breaker.transitionToOpenState();
        clock.now = clock.now.plusSeconds(3);
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
