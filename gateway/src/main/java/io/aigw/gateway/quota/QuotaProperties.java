package io.aigw.gateway.quota;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where quota state lives, under {@code aigw.quota.}; the limits themselves are per product in
 * {@code products.yaml}. Each property is documented with its default in {@code config/README.md}.
 *
 * @param redis the shared store; without {@code url} the state is kept in this process
 * @param streamLease longest a streamed answer holds its place among a product's concurrent streams
 *     (a replica that dies mid-stream frees its places after this)
 */
@ConfigurationProperties("aigw.quota")
public record QuotaProperties(@DefaultValue Redis redis, @DefaultValue("15m") Duration streamLease) {

    public QuotaProperties {
        if (streamLease.isNegative() || streamLease.isZero()) {
            throw new IllegalArgumentException("aigw.quota.stream-lease must be positive, got " + streamLease);
        }
    }

    /**
     * @param url {@code redis://[:password@]host:port[/db]} ({@code rediss://} for TLS); null or blank keeps
     *     quotas in process. A password belongs in the environment ({@code AIGW_QUOTA_REDIS_URL}), not in a file
     * @param onFailure what a request gets when Redis does not answer within {@code timeout}
     * @param timeout longest wait for one Redis command (connecting included)
     * @param keyPrefix prefix of every key the gateway writes
     */
    public record Redis(String url, @DefaultValue("open") OnFailure onFailure, @DefaultValue("250ms") Duration timeout,
                        @DefaultValue("aigw:quota:") String keyPrefix) {

        public Redis {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("aigw.quota.redis.timeout must be positive, got " + timeout);
            }
        }

        /** Whether a Redis URL is configured. */
        public boolean enabled() {
            return url != null && !url.isBlank();
        }
    }

    /** {@code aigw.quota.redis.on-failure}. */
    public enum OnFailure {
        /** Serve the request unmetered (counted in {@code aigw_quota_decisions_total{outcome="failed_open"}}). */
        OPEN,
        /** Refuse it with 503 {@code quota_unavailable} and {@code Retry-After: 1}. */
        CLOSED
    }
}
