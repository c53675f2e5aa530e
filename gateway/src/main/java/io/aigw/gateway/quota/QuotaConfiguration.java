package io.aigw.gateway.quota;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The quota store: Redis when {@code aigw.quota.redis.url} is set, this process otherwise; and the
 * quota meters. An invalid Redis URL stops the start-up with the property named (the URL itself is not
 * logged: it may hold a password).
 */
@Configuration(proxyBeanMethods = false)
public class QuotaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(QuotaConfiguration.class);

    @Bean
    QuotaStore quotaStore(QuotaProperties properties, Clock clock) {
        QuotaProperties.Redis redis = properties.redis();
        if (!redis.enabled()) {
            return new LocalQuotaStore(clock);
        }
        RedisQuotaStore store;
        try {
            store = new RedisQuotaStore(redis);
        } catch (IllegalArgumentException e) {
            // Not chained: the parser's message may repeat the URL, password included.
            throw new IllegalArgumentException(
                    "aigw.quota.redis.url is not a valid Redis URL (expected redis://[:password@]host:port[/db])");
        }
        log.info("Quotas are shared through {} (on failure: fail-{}, timeout {})", store,
                redis.onFailure().name().toLowerCase(Locale.ROOT), redis.timeout());
        return store;
    }

    @Bean
    QuotaMetrics quotaMetrics(MeterRegistry registry) {
        return new QuotaMetrics(registry);
    }
}
