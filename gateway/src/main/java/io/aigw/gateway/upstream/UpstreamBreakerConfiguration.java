package io.aigw.gateway.upstream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.common.CompositeCustomizer;
import io.github.resilience4j.common.circuitbreaker.configuration.CircuitBreakerConfigCustomizer;
import io.github.resilience4j.core.registry.RegistryEventConsumer;
import io.github.resilience4j.spring6.circuitbreaker.configure.CircuitBreakerConfigurationProperties;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the circuit breakers record their calls without a lock. They record every upstream call on a
 * Netty event loop, where a lock parks the event loop under contention (BlockHound caught both cases
 * below in the fault soak test):
 * <ul>
 *   <li>the default sliding window takes a {@code ReentrantLock}: the breakers built from
 *       Resilience4j's shared {@code default} config (every {@code upstream-<route id>} and fallback
 *       breaker, and instances that do not name another base config) use the lock-free one;</li>
 *   <li>Resilience4j's Spring Boot auto-configuration feeds every breaker event (one per call) into a
 *       buffer for its actuator event endpoints, guarded by a {@code StampedLock}; we do not expose
 *       those endpoints, so the registry here is built as the auto-configured one is (same
 *       {@code resilience4j.circuitbreaker.*} properties, customizers, tags and registry listeners, so
 *       Resilience4j's Micrometer breaker meters stay) but without that buffer.</li>
 * </ul>
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

    /**
     * The application's breakers: replaces Resilience4j's auto-configured registry (which backs off
     * when one is defined), minus its per-breaker event buffer. Not refresh-scoped: nothing refreshes
     * this application's configuration at run time.
     */
    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(
            CircuitBreakerConfigurationProperties properties,
            RegistryEventConsumer<CircuitBreaker> registryListeners,
            @Qualifier("compositeCircuitBreakerCustomizer") CompositeCustomizer<CircuitBreakerConfigCustomizer> customizers) {
        Map<String, CircuitBreakerConfig> configs = new HashMap<>();
        properties.getConfigs().forEach((name, config) ->
                configs.put(name, properties.createCircuitBreakerConfig(name, config, customizers)));
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(configs, registryListeners, Map.copyOf(properties.getTags()));
        properties.getInstances().forEach((name, instance) ->
                registry.circuitBreaker(name, properties.createCircuitBreakerConfig(name, instance, customizers)));
        return registry;
    }
}
