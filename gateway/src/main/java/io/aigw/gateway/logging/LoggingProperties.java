package io.aigw.gateway.logging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The access log and upstream warnings, under {@code aigw.logging.}; documented with their defaults in
 * {@code config/README.md}. Levels and appenders are Logback's ({@code logging.level.aigw.access},
 * {@code logging.level.aigw.upstream}).
 *
 * @param queueCapacity log lines waiting for the writer thread at most, default 10000; more are dropped and counted
 * @param upstreamFailureInterval at most one warning per upstream (and per circuit breaker) this often, default 10s
 */
@ConfigurationProperties("aigw.logging")
public record LoggingProperties(
        @DefaultValue("10000") int queueCapacity,
        @DefaultValue("10s") Duration upstreamFailureInterval) {
}
