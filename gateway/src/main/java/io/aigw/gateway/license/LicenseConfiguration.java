package io.aigw.gateway.license;

import com.github.benmanes.caffeine.cache.Ticker;
import io.aigw.filters.license.LicensePolicy;
import io.aigw.filters.license.RemoteProductCache;
import io.aigw.filters.license.WorkingDayCalendar;
import io.aigw.gateway.config.AigwProperties;
import io.aigw.gateway.products.ProductRegistryHolder;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires license enforcement from {@link LicenseProperties}: the policies of every mode, the license
 * source (products file, or remote registry behind a cache and a circuit breaker), the decision
 * recorder, the products-file watcher and the clock. Invalid settings stop the start-up with a
 * message naming the property and value.
 */
@Configuration(proxyBeanMethods = false)
public class LicenseConfiguration {

    /** Name of the Resilience4j circuit breaker guarding the remote registry (config under {@code resilience4j.circuitbreaker}). */
    public static final String REGISTRY_BREAKER = "license-registry";

    private static final Logger log = LoggerFactory.getLogger(LicenseConfiguration.class);

    /** The time licenses are checked against. Tests replace it with a {@code @Primary} clock of their own. */
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The time source of the remote-registry cache (refresh and staleness); a monotonic one in
     * production. Tests replace it with a {@code @Primary} ticker that follows their clock.
     */
    @Bean
    public Ticker licenseCacheTicker() {
        return Ticker.systemTicker();
    }

    @Bean
    public LicensePolicies licensePolicies(LicenseProperties properties) {
        WorkingDayCalendar calendar = WorkingDayCalendar.parse(properties.holidays(), properties.extraWorkingDays());
        var policy = new LicensePolicy(properties.mode(), properties.zone(), properties.graceWorkingDays(), calendar,
                properties.failOpen());
        if (properties.failOpen()) {
            log.warn("aigw.license.fail-open=true: requests are served when the license registry cannot be reached");
        }
        return new LicensePolicies(policy);
    }

    @Bean
    public ProductLicenses productLicenses(LicenseProperties properties, CircuitBreakerRegistry circuitBreakers,
                                           Ticker ticker) {
        if (properties.source() == LicenseProperties.Source.FILE) {
            return new FileProductLicenses();
        }
        var loader = new WebClientProductLoader(properties.url(), properties.timeout(),
                circuitBreakers.circuitBreaker(REGISTRY_BREAKER));
        RemoteProductCache cache = RemoteProductCache.builder(loader)
                .refreshAfter(properties.refreshAfter())
                .maxStaleness(properties.maxStaleness())
                .maximumSize(properties.cacheSize())
                .ticker(ticker)
                .build();
        log.info("Licenses from the remote registry {} ({})", properties.url(), cache);
        return new RemoteProductLicenses(cache, properties.timeout().multipliedBy(2));
    }

    @Bean
    public LicenseDecisionRecorder licenseDecisionRecorder(MeterRegistry meters) {
        return new LicenseDecisionRecorder(meters);
    }

    @Bean
    public ProductFileWatcher productFileWatcher(ProductRegistryHolder holder, MeterRegistry meters,
                                                 AigwProperties properties) {
        return new ProductFileWatcher(holder, meters, properties.products().file(),
                properties.products().reloadInterval());
    }
}
