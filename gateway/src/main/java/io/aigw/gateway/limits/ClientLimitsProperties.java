package io.aigw.gateway.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits that protect the gateway from slow or numerous clients, under {@code aigw.limits.} (next to
 * the size caps of {@code AigwProperties.Limits}); documented with their defaults in
 * {@code config/README.md}. Header sizes are Spring Boot's {@code server.max-http-request-header-size}.
 *
 * @param requestBodyTimeout longest time a client may take to send its whole request body, counted
 *                           from when the gateway starts reading it; slower clients get 408
 * @param maxConcurrentRequests most requests the gateway serves at once; more get 503 at once
 */
@ConfigurationProperties("aigw.limits")
public record ClientLimitsProperties(
        @DefaultValue("60s") Duration requestBodyTimeout,
        @DefaultValue("10000") int maxConcurrentRequests) {

    /** @throws IllegalArgumentException naming the bad value */
    public ClientLimitsProperties {
        if (requestBodyTimeout == null || requestBodyTimeout.isNegative() || requestBodyTimeout.isZero()) {
            throw new IllegalArgumentException("aigw.limits.request-body-timeout must be positive, got " + requestBodyTimeout);
        }
        if (maxConcurrentRequests <= 0) {
            throw new IllegalArgumentException("aigw.limits.max-concurrent-requests must be positive, got " + maxConcurrentRequests);
        }
    }
}
