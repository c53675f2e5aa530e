package io.aigw.gateway.upstream;

import io.aigw.gateway.GatewayIntegrationTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the upstream resilience tests: the shared gateway set-up plus {@link ResilienceTestRoutes},
 * quick retries, a small retry budget (full again before each test), breakers that stay closed except
 * the breaker test route's.
 * Subclasses share one Spring context.
 */
@Import(ResilienceTestRoutes.class)
@TestPropertySource(properties = {
    "aigw.upstream.retry.initial-backoff=5ms",
    "aigw.upstream.retry.max-backoff=20ms",
    "aigw.upstream.retry-budget.ratio=0.2",
    "aigw.upstream.retry-budget.capacity=2",
    "FALLBACK_API_KEY=" + ResilienceTestRoutes.FALLBACK_KEY,
    // Breakers stay closed (R4j caps the minimum number of calls at the window size), except the breaker route's.
    "resilience4j.circuitbreaker.configs.default.sliding-window-size=1000",
    "resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=1000",
    "resilience4j.circuitbreaker.instances.upstream-" + ResilienceTestRoutes.BREAKER_ROUTE + ".sliding-window-size=2",
    "resilience4j.circuitbreaker.instances.upstream-" + ResilienceTestRoutes.BREAKER_ROUTE + ".minimum-number-of-calls=2",
    "resilience4j.circuitbreaker.instances.upstream-" + ResilienceTestRoutes.BREAKER_ROUTE + ".wait-duration-in-open-state=30s",
})
abstract class UpstreamResilienceIntegrationTest extends GatewayIntegrationTest {

    static final String OPENAI_BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String OPENAI_STREAM_BODY = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String ANTHROPIC_BODY = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Autowired
    CircuitBreakerRegistry circuitBreakers;

    @Autowired
    RetryBudgets budgets;

    @BeforeEach
    void closeBreakersAndRefillBudgets() {
        circuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
        budgets.clear();
        ResilienceTestRoutes.FALLBACK_UPSTREAM.resetAll();
    }

    /** The gateway path of the OpenAI route under {@code prefix}. */
    static String openAiPath(String prefix) {
        return prefix + "/openai/v1/chat/completions";
    }

    /** The gateway path of the Anthropic route under {@code prefix}. */
    static String anthropicPath(String prefix) {
        return prefix + "/anthropic/v1/messages";
    }
}
