package io.aigw.gateway.license;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Start-up validation of {@code aigw.license.url} and {@code aigw.license.timeout}; behaviour is in RemoteRegistryIntegrationTest. */
class WebClientProductLoaderTest {

    final CircuitBreaker breaker = CircuitBreaker.ofDefaults("test");

    @Test
    void aUrlIsRequired() {
        assertThatThrownBy(() -> new WebClientProductLoader(null, Duration.ofSeconds(1), breaker))
                .hasMessageContaining("aigw.license.url is required");
    }

    @Test
    void theUrlNeedsAnIdPlaceholder() {
        assertThatThrownBy(() -> new WebClientProductLoader("http://registry/products", Duration.ofSeconds(1), breaker))
                .hasMessageContaining("'http://registry/products'");
    }

    @Test
    void theUrlMustBeHttp() {
        assertThatThrownBy(() -> new WebClientProductLoader("ftp://registry/{id}", Duration.ofSeconds(1), breaker))
                .hasMessageContaining("'ftp://registry/{id}'");
    }

    @Test
    void theTimeoutMustBePositive() {
        assertThatThrownBy(() -> new WebClientProductLoader("http://registry/{id}", Duration.ZERO, breaker))
                .hasMessageContaining("aigw.license.timeout must be positive: PT0S");
    }
}
