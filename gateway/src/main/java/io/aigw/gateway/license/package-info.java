/**
 * License enforcement in the gateway (docs/contract.md, "Product registry and license enforcement"), on the
 * plain-Java core {@code io.aigw.filters.license}.
 *
 * <ul>
 *   <li>{@link io.aigw.gateway.license.LicenseCheckGatewayFilterFactory}: the route filter
 *       ({@code - LicenseCheck} or {@code - LicenseCheck=<mode>}), after {@code ChatProtocol}: 403 in the
 *       caller's protocol with the deny reason, or 503 {@code license_registry_unavailable}, before
 *       anything reaches the upstream.</li>
 *   <li>{@link io.aigw.gateway.license.ProductLicenses}: where licenses come from, the products file
 *       ({@link io.aigw.gateway.license.FileProductLicenses}) or a remote registry
 *       ({@link io.aigw.gateway.license.RemoteProductLicenses} over the core's {@code RemoteProductCache}
 *       and {@link io.aigw.gateway.license.WebClientProductLoader}, with a circuit breaker and a timeout).
 *       Keys are always resolved locally; only product ids are sent to a registry.</li>
 *   <li>{@link io.aigw.gateway.license.ProductFileWatcher}: reloads the products file on change.</li>
 *   <li>{@link io.aigw.gateway.license.ModelsEndpoint}: {@code GET /v1/models} per product.</li>
 *   <li>{@link io.aigw.gateway.license.LicenseDecisionRecorder}: metric {@code aigw_license_decisions_total}
 *       and logs.</li>
 * </ul>
 * Settings: {@link io.aigw.gateway.license.LicenseProperties} ({@code aigw.license.*}), documented in
 * {@code config/README.md}.
 */
package io.aigw.gateway.license;
