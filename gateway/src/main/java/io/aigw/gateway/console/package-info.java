/**
 * The operator and compliance console: static pages under {@code /console/} and their admin JSON
 * endpoints under {@code /admin/console/}, served on the same server as the other {@code /admin}
 * endpoints and only when {@code AIGW_ADMIN_TOKEN} is set.
 *
 * <p>Authentication: the login page keeps the admin token in the tab's {@code sessionStorage} and the
 * pages' own script sends it as {@code Authorization: Bearer}; no token in URLs, no cookies, so no
 * CSRF surface. The page shells carry no data; every data request is checked by the admin filter.
 * Every console response carries a strict Content-Security-Policy ({@link ConsoleSecurityHeaders}).
 */
package io.aigw.gateway.console;
