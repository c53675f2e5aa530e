package io.aigw.gateway.upstream;

import java.time.Duration;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Test hook that widens the moment between an upstream response's arrival and its headers being copied
 * into the exchange's response: for requests that carry {@value #HEADER}, Spring Cloud Gateway's routing
 * filter, on the upstream connection's event loop, waits here (spinning, at most {@link #LIMIT}) until the
 * exchange's response is committed. A response timeout that fires on another thread meanwhile commits its
 * 504 and releases the wait, and the copy then meets the committed answer; a timeout kept on the same event
 * loop cannot fire while the copy is under way, so the wait runs out and the answer goes on.
 */
final class HeldResponseHeaders implements HttpHeadersFilter {

    /** Request header that turns the hold on. */
    static final String HEADER = "x-test-hold-response-headers";
    static final Duration LIMIT = Duration.ofSeconds(3);

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        if (exchange.getRequest().getHeaders().containsHeader(HEADER)) {
            long until = System.nanoTime() + LIMIT.toNanos();
            while (!exchange.getResponse().isCommitted() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
        return input;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.RESPONSE;
    }
}
