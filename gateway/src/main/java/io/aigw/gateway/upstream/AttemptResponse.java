package io.aigw.gateway.upstream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * The exchange's response as one upstream call sees it: the response itself while the call is under
 * way, closed to the call once the exchange stopped waiting for it ({@link #abandon}). Spring Cloud
 * Gateway's routing filter copies the upstream's status and headers into the response when they
 * arrive; a call cancelled by its response timeout on a timer thread can still get there a moment
 * later on its event loop, when the exchange may have committed its own error answer (the soak test
 * saw {@code UnsupportedOperationException} from the committed, read-only headers). A closed view
 * fails such a write with {@link AbandonedCallException} before it touches the answer; the routing
 * filter then disposes the call's connection, and {@link AbandonedCallFailures} logs it at DEBUG.
 */
final class AttemptResponse extends ServerHttpResponseDecorator {

    private volatile boolean abandoned;

    private AttemptResponse(ServerHttpResponse delegate) {
        super(delegate);
    }

    /** {@code exchange} with a response view of its own for one upstream call. */
    static ServerWebExchange of(ServerWebExchange exchange) {
        return exchange.mutate().response(new AttemptResponse(exchange.getResponse())).build();
    }

    /** Closes the view of {@code attempt} (made by {@link #of}): the exchange no longer waits for its call. */
    static void abandon(ServerWebExchange attempt) {
        if (attempt.getResponse() instanceof AttemptResponse response) {
            response.abandoned = true;
        }
    }

    @Override
    public HttpHeaders getHeaders() {
        failIfAbandoned();
        return super.getHeaders();
    }

    @Override
    public boolean setStatusCode(HttpStatusCode status) {
        failIfAbandoned();
        return super.setStatusCode(status);
    }

    private void failIfAbandoned() {
        if (abandoned) {
            throw new AbandonedCallException();
        }
    }

    /** A call's write into the exchange's response after the exchange stopped waiting for the call. */
    static final class AbandonedCallException extends IllegalStateException {
        AbandonedCallException() {
            super("the upstream call's response arrived after the exchange stopped waiting for it");
        }
    }
}
