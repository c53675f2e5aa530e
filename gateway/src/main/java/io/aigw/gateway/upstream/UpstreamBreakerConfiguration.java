package io.aigw.gateway.upstream;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.common.circuitbreaker.configuration.CircuitBreakerConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the circuit breakers built from Resilience4j's shared {@code default} config (every
 * {@code upstream-<route id>} and fallback breaker, and instances that do not name another base config)
 * record their calls without a lock. They record every upstream call on a Netty event loop, and the
 * default sliding window takes a {@code ReentrantLock}: under contention it parks the event loop.
 * BlockHound caught that in the fault soak test, where the park's error also replaced the exchange's
 * own failure signal and left the client without an answer.
 */
@Configuration(proxyBeanMethods = false)
public class UpstreamBreakerConfiguration {

    /** The Resilience4j shared config ({@code resilience4j.circuitbreaker.configs.default}) breakers start from. */
    static final String DEFAULT_CONFIG = "default";

    @Bean
    CircuitBreakerConfigCustomizer lockFreeUpstreamBreakers() {
        return CircuitBreakerConfigCustomizer.of(DEFAULT_CONFIG,
                builder -> builder.slidingWindowSynchronizationStrategy(SlidingWindowSynchronizationStrategy.LOCK_FREE));
    }
}
