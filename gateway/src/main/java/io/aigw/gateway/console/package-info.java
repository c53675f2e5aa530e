/**
 * The operator and compliance console: static pages under {@code /console/} and their admin JSON
 * endpoints under {@code /admin/console/}, served on the same server as the other {@code /admin}
 * endpoints and only when {@code AIGW_ADMIN_TOKEN} is set.
 *
 * <p>Authentication: the login page exchanges the admin token for a session token signed by this process
 * ({@link ConsoleSessions}), keeps only that in the tab's {@code sessionStorage}, and
 * the pages' own script sends it as {@code Authorization: Bearer}; no token in URLs, no cookies, so no CSRF
 * surface. The server decides when a session is over (idle timeout, maximum lifetime, restart). The page
 * shells carry no data; every data request is checked ({@link ConsoleSessionCheck}).
 * Every console response carries a strict Content-Security-Policy ({@link ConsoleSecurityHeaders}).
 */
package io.aigw.gateway.console;
