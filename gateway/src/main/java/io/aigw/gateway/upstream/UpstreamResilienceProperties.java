package io.aigw.gateway.upstream;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Global defaults for calling upstreams, under {@code aigw.upstream.} (next to
 * {@code aigw.upstream.idle-timeout}, which {@link io.aigw.gateway.config.AigwProperties} holds). A
 * route overrides the timeouts and the retry count in its metadata ({@link RouteUpstreamSettings}).
 * Documented with their defaults in {@code config/README.md}.
 *
 * @param totalTimeout longest a whole exchange with the upstream may take, answer included;
 *                     zero means no limit
 * @param retry retries of failures that are safe to repeat, before the answer starts
 * @param retryBudget how many retries an upstream may get relative to its requests
 */
@ConfigurationProperties("aigw.upstream")
public record UpstreamResilienceProperties(
        @DefaultValue("10m") Duration totalTimeout,
        @DefaultValue Retry retry,
        @DefaultValue Budget retryBudget) {

    public UpstreamResilienceProperties {
        RouteUpstreamSettings.requireNotNegative("aigw.upstream.total-timeout", totalTimeout);
    }

    /**
     * @param maxRetries retries after the first attempt (0 turns retrying off)
     * @param initialBackoff pause before the first retry; each further one doubles it
     * @param maxBackoff longest pause between two attempts
     * @param statuses upstream statuses answered before any body that are retried
     */
    public record Retry(
            @DefaultValue("2") int maxRetries,
            @DefaultValue("100ms") Duration initialBackoff,
            @DefaultValue("1s") Duration maxBackoff,
            @DefaultValue({"502", "503", "529"}) List<Integer> statuses) {

        public Retry {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("aigw.upstream.retry.max-retries must be >= 0, got " + maxRetries);
            }
            RouteUpstreamSettings.requireNotNegative("aigw.upstream.retry.initial-backoff", initialBackoff);
            RouteUpstreamSettings.requireNotNegative("aigw.upstream.retry.max-backoff", maxBackoff);
            statuses = List.copyOf(statuses);
        }
    }

    /**
     * A token bucket per upstream: every request adds {@code ratio} of a token, every retry takes one.
     *
     * @param ratio retries allowed per request over time (0.2 = at most 20 % extra calls)
     * @param capacity most tokens kept, i.e. the burst of retries allowed after a quiet, healthy time;
     *                 a bucket starts full
     */
    public record Budget(@DefaultValue("0.2") double ratio, @DefaultValue("10") double capacity) {

        public Budget {
            if (!(ratio >= 0) || !(capacity >= 0) || Double.isInfinite(ratio) || Double.isInfinite(capacity)) {
                throw new IllegalArgumentException("aigw.upstream.retry-budget ratio and capacity must be finite and >= 0, got "
                        + ratio + " and " + capacity);
            }
        }
    }
}
