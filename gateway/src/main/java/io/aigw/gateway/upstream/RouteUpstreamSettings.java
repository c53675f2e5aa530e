package io.aigw.gateway.upstream;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.boot.convert.DurationStyle;

/**
 * How one route calls its upstream, from the route's {@code metadata} over the global defaults:
 * {@code idle-timeout}, {@code total-timeout} (a number of milliseconds, like Spring Cloud Gateway's
 * own {@code connect-timeout} and {@code response-timeout} beside them, or a duration such as
 * {@code 30s}), {@code max-retries} and {@code fallbacks} ({@link UpstreamFallback}). Immutable.
 *
 * @param idleTimeout longest silence between two chunks of the answer; positive
 * @param totalTimeout longest the whole exchange with the upstream may take; zero means no limit
 * @param maxRetries retries after the first attempt; zero or more
 * @param fallbacks alternative upstreams in the order they are tried; may be empty
 */
public record RouteUpstreamSettings(Duration idleTimeout, Duration totalTimeout, int maxRetries, List<UpstreamFallback> fallbacks) {

    /** Route metadata key of the idle gap. */
    public static final String IDLE_TIMEOUT = "idle-timeout";
    /** Route metadata key of the total timeout. */
    public static final String TOTAL_TIMEOUT = "total-timeout";
    /** Route metadata key of the retry count. */
    public static final String MAX_RETRIES = "max-retries";

    public RouteUpstreamSettings {
        requireNotNegative(IDLE_TIMEOUT, idleTimeout);
        if (idleTimeout.isZero()) {
            throw new IllegalArgumentException(IDLE_TIMEOUT + " must be positive, got " + idleTimeout);
        }
        requireNotNegative(TOTAL_TIMEOUT, totalTimeout);
        if (maxRetries < 0) {
            throw new IllegalArgumentException(MAX_RETRIES + " must be >= 0, got " + maxRetries);
        }
        fallbacks = List.copyOf(fallbacks);
    }

    /**
     * The settings of the route {@code routeId} with {@code metadata}, falling back to the defaults.
     *
     * @param environment reads the environment variables fallbacks name for their keys
     *
     * @throws IllegalArgumentException naming the route, the key and the value when a value is not a
     *     duration (or not a count) or is out of range
     */
    public static RouteUpstreamSettings of(String routeId, Map<String, Object> metadata, Duration defaultIdle,
                                           UpstreamResilienceProperties defaults, UnaryOperator<String> environment) {
        try {
            return new RouteUpstreamSettings(
                    duration(metadata.get(IDLE_TIMEOUT), defaultIdle),
                    duration(metadata.get(TOTAL_TIMEOUT), defaults.totalTimeout()),
                    count(metadata.get(MAX_RETRIES), defaults.retry().maxRetries()),
                    UpstreamFallback.parse(routeId, metadata.get(UpstreamFallback.FALLBACKS), environment));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("route '")) {
                throw e;
            }
            throw new IllegalArgumentException("route '" + routeId + "' metadata: " + e.getMessage(), e);
        }
    }

    private static Duration duration(Object value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return Duration.ofMillis(number.longValue());
        }
        try {
            return DurationStyle.detectAndParse(value.toString().strip(), ChronoUnit.MILLIS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration (milliseconds, or e.g. 30s)", e);
        }
    }

    private static int count(Object value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_RETRIES + " '" + value + "' is not a whole number", e);
        }
    }

    static void requireNotNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, got " + value);
        }
    }
}
