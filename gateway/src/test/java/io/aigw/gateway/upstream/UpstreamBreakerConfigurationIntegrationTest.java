package io.aigw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.gateway.GatewayIntegrationTest;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Upstream breakers record calls on event loops: their sliding window must not take a lock. */
class UpstreamBreakerConfigurationIntegrationTest extends GatewayIntegrationTest {

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void breakersCreatedPerRouteRecordWithoutALock() {
        assertThat(breakers.getDefaultConfig().getSlidingWindowSynchronizationStrategy())
                .isEqualTo(SlidingWindowSynchronizationStrategy.LOCK_FREE);
        assertThat(breakers.circuitBreaker("upstream-openai-chat").getCircuitBreakerConfig().getSlidingWindowSynchronizationStrategy())
                .isEqualTo(SlidingWindowSynchronizationStrategy.LOCK_FREE);
        assertThat(breakers.circuitBreaker("upstream-openai-chat").getCircuitBreakerConfig().getSlidingWindowSize())
                .as("the configured window is kept").isEqualTo(20);
    }
}
