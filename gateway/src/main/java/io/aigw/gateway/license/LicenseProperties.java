package io.aigw.gateway.license;

import io.aigw.filters.license.LicenseMode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * License enforcement settings, under {@code aigw.license.}; each is documented with its default in
 * {@code config/README.md}. Checked once at start-up by {@link LicenseConfiguration}: an invalid value
 * stops the gateway with a message naming the property.
 *
 * @param mode             global mode; a {@code LicenseCheck} filter may override it per route
 * @param zone             the zone whose calendar dates licenses and grace periods use
 * @param graceWorkingDays working days after {@code launched-on} a pending product is served in grace mode
 * @param holidays         days off for the grace count: {@code YYYY-MM-DD} or {@code YYYY-MM-DD..YYYY-MM-DD}
 * @param extraWorkingDays weekend days worked (调休), same syntax
 * @param failOpen         serve a request when a remote registry is unreachable and the cached entry is
 *                         too stale (logged at WARN); false = fail closed with 503
 * @param source           where licenses come from: the products file, or a remote registry
 * @param url              remote registry URL template with an {@code {id}} placeholder (http source only)
 * @param timeout          longest wait for one remote registry answer
 * @param refreshAfter     age after which a cached remote answer is refreshed in the background
 * @param maxStaleness     oldest cached remote answer served while the registry fails
 * @param cacheSize        most remote answers cached
 * @param models           the upstream models {@code GET /v1/models} may list, filtered per product license
 */
@ConfigurationProperties("aigw.license")
public record LicenseProperties(
        @DefaultValue("strict") LicenseMode mode,
        @DefaultValue("Asia/Shanghai") ZoneId zone,
        @DefaultValue("10") int graceWorkingDays,
        @DefaultValue List<String> holidays,
        @DefaultValue List<String> extraWorkingDays,
        @DefaultValue("false") boolean failOpen,
        @DefaultValue("file") Source source,
        String url,
        @DefaultValue("2s") Duration timeout,
        @DefaultValue("1m") Duration refreshAfter,
        @DefaultValue("15m") Duration maxStaleness,
        @DefaultValue("10000") long cacheSize,
        @DefaultValue List<String> models) {

    /** Where license fields come from ({@code aigw.license.source}). */
    public enum Source {
        /** The products file ({@code aigw.products.file}): identity and license. */
        FILE,
        /**
         * The products file for identity (key hash to product id), a remote registry
         * ({@code aigw.license.url}) for the license. Neither keys nor their hashes leave the gateway.
         */
        HTTP
    }
}
