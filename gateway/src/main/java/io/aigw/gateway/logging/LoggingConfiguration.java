package io.aigw.gateway.logging;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The access log, its writer thread, and the circuit-breaker state log: every breaker of the registry,
 * present and future, reports its state transitions to {@link AccessLog#breakerTransition}.
 */
@Configuration(proxyBeanMethods = false)
public class LoggingConfiguration {

    @Bean(destroyMethod = "close")
    LogHandOff logHandOff(LoggingProperties properties, MeterRegistry meters) {
        LogHandOff handOff = new LogHandOff(properties.queueCapacity());
        FunctionCounter.builder("aigw.log.lines.dropped", handOff, LogHandOff::dropped)
                .description("Log lines dropped because the log writer fell behind").register(meters);
        return handOff;
    }

    @Bean
    AccessLog accessLog(LogHandOff handOff, LoggingProperties properties, CircuitBreakerRegistry breakers) {
        AccessLog log = new AccessLog(handOff, new RateLimitedLog(properties.upstreamFailureInterval(), System::nanoTime));
        breakers.getAllCircuitBreakers().forEach(breaker -> logTransitions(breaker, log));
        breakers.getEventPublisher().onEntryAdded(event -> logTransitions(event.getAddedEntry(), log));
        return log;
    }

    private static void logTransitions(CircuitBreaker breaker, AccessLog log) {
        breaker.getEventPublisher().onStateTransition(event -> log.breakerTransition(breaker.getName(),
                event.getStateTransition().getFromState().name(), event.getStateTransition().getToState().name()));
    }
}
