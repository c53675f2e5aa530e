/**
 * Product registry and license enforcement (docs/contract.md, "Product registry and license enforcement").
 *
 * <ul>
 *   <li>{@link io.aigw.filters.license.ProductRegistry}: the products of {@code config/products.yaml},
 *       looked up by presented key (SHA-256, never stored in clear) or id; invalid files are
 *       rejected with a {@link io.aigw.filters.license.RegistryException} naming file, line and value.</li>
 *   <li>{@link io.aigw.filters.license.LicensePolicy}: product + model + instant to a
 *       {@link io.aigw.filters.license.LicenseDecision} (allow, deny with a
 *       {@link io.aigw.filters.license.DenyReason}, or allow-but-record in monitor mode).</li>
 *   <li>{@link io.aigw.filters.license.WorkingDayCalendar}: working days for the grace period.</li>
 *   <li>{@link io.aigw.filters.license.RemoteProductCache}: Caffeine cache in front of a remote
 *       registry ({@link io.aigw.filters.license.ProductLoader}), bridging outages up to a maximum
 *       staleness, then fail-closed.</li>
 *   <li>{@link io.aigw.filters.license.LicensedModels}: the models a product may see in {@code GET /v1/models}.</li>
 * </ul>
 *
 * <p>Configuration the gateway binds (defaults in brackets): {@code aigw.products.file}
 * [{@code config/products.yaml}], {@code aigw.license.mode} [{@code strict}],
 * {@code aigw.license.zone} [{@code Asia/Shanghai}], {@code aigw.license.grace-working-days} [10],
 * {@code aigw.license.holidays} [none; dates or {@code from..to} ranges],
 * {@code aigw.license.extra-working-days} [none], {@code aigw.license.source} [{@code file}],
 * {@code aigw.license.url} [none; required for {@code http}], {@code aigw.license.refresh-after} [1m],
 * {@code aigw.license.max-staleness} [15m], {@code aigw.license.cache-size} [10000],
 * {@code aigw.license.fail-open} [false].
 *
 * <p>Plain Java: no Spring, Reactor or Netty. Every type here is immutable or thread-safe as its
 * javadoc states, and time is always passed in (an {@code Instant}, or a Caffeine {@code Ticker}).
 */
package io.aigw.filters.license;
