package io.aigw.gateway.upstream;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.Connection;

/**
 * Test hook that widens the moment between an upstream response's arrival and its headers being copied
 * into the exchange's response: on the routes whose id starts with {@value #ROUTE_PREFIX}, Spring Cloud
 * Gateway's routing filter, on the upstream connection's event loop, waits here (spinning, at most
 * {@link #LIMIT}) until the exchange's response is committed. A timeout that fires on another thread
 * meanwhile commits its 504 and releases the wait, and the copy then meets the committed answer; a timeout
 * kept on the same event loop (or kept apart by a claim) cannot act while the copy is under way, so the
 * wait runs out and the answer goes on.
 *
 * <p>Chosen by route, not by a request header: the request the routing filter sees carries only the
 * forwarded headers (the allow-list drops a test header, which left an earlier version of this hook idle).
 */
final class HeldResponseHeaders implements HttpHeadersFilter {

    /** Route ids that get the hold. */
    static final String ROUTE_PREFIX = "held-";
    static final Duration LIMIT = Duration.ofSeconds(3);
    private static final AtomicInteger HOLDS = new AtomicInteger();

    private static volatile EventLoop lastHoldLoop;

    /** How many copies were held so far: a test checks that its request did reach the hold. */
    static int holds() {
        return HOLDS.get();
    }

    /**
     * Waits until the last held copy, and whatever its event loop did right after it (the rest of the
     * copy, a failure dropped and logged), is over: a task queued on that loop runs only after them.
     */
    static void awaitLastCopyDone() throws Exception {
        lastHoldLoop.submit(() -> { }).get(30, TimeUnit.SECONDS);
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route != null && route.getId().startsWith(ROUTE_PREFIX)) {
            Connection upstream = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR);
            lastHoldLoop = upstream.channel().eventLoop();
            HOLDS.incrementAndGet();
            long until = System.nanoTime() + LIMIT.toNanos();
            // A bare busy loop: BlockHound counts Thread.onSpinWait as a blocking call (it failed the hold once).
            boolean waiting = true;
            while (waiting) {
                waiting = !exchange.getResponse().isCommitted() && System.nanoTime() < until;
            }
        }
        return input;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.RESPONSE;
    }
}
