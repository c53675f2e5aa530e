package io.aigw.gateway.console;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Puts the browser-hardening headers on every console response, pages and data alike, including the
 * admin token check's 401s (this filter wraps it): a Content-Security-Policy that allows only the
 * console's own files ({@code default-src 'self'}, no inline script or style, no framing, no plug-ins,
 * no base or form targets elsewhere), {@code X-Frame-Options: DENY}, {@code nosniff}, no referrer, and
 * {@code no-store} so that no page or figure stays in a shared browser's cache. Set on the exchange
 * before the handler runs; a response's own headers are only added to them.
 */
final class ConsoleSecurityHeaders implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        HttpHeaders headers = request.exchange().getResponse().getHeaders();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Frame-Options", "DENY");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
        headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        return next.handle(request);
    }
}
