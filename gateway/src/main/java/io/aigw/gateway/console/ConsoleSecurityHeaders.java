package io.aigw.gateway.console;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Puts the browser-hardening headers on every console response, pages and data alike, including
 * the admin filter's 401s (it runs before it): a Content-Security-Policy that allows only the
 * console's own files ({@code default-src 'self'}, no inline script or style, no framing, no
 * plug-ins, no base or form targets elsewhere), {@code X-Frame-Options: DENY}, {@code nosniff}, no
 * referrer, and {@code no-store} so that no page or figure stays in a shared browser's cache.
 */
final class ConsoleSecurityHeaders implements WebFilter, Ordered {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** Before the admin filter ({@code HIGHEST_PRECEDENCE + 10}), so its refusals carry the headers too. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (ConsolePaths.isConsole(path)) {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Frame-Options", "DENY");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Cross-Origin-Opener-Policy", "same-origin");
            headers.set("Cross-Origin-Resource-Policy", "same-origin");
            headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
