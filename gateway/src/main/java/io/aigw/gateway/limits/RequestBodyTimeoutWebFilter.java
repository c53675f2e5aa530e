package io.aigw.gateway.limits;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bounds how long a client may take to send its request body ({@code aigw.limits.request-body-timeout},
 * counted from when the body is first read, so a request refused on its headers never starts the
 * clock): a slower body fails with {@link ProtocolException} {@link ErrorKind#REQUEST_TIMEOUT}, which
 * the chat routes answer as 408 in the caller's protocol. One deadline for the whole body, not per
 * chunk, so a client cannot hold a connection by dripping a byte at a time. Stateless.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class RequestBodyTimeoutWebFilter implements WebFilter {

    private final Duration timeout;

    public RequestBodyTimeoutWebFilter(ClientLimitsProperties limits) {
        this.timeout = limits.requestBodyTimeout();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        ServerHttpRequest bounded = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return withDeadline(super.getBody(), timeout);
            }
        };
        return chain.filter(exchange.mutate().request(bounded).build());
    }

    /** {@code body}, failing with a {@link ErrorKind#REQUEST_TIMEOUT} error when it is not complete {@code timeout} after subscription. */
    static Flux<DataBuffer> withDeadline(Flux<DataBuffer> body, Duration timeout) {
        return Flux.defer(() -> {
            Mono<Long> deadline = Mono.delay(timeout).cache();
            return body.timeout(deadline, chunk -> deadline, Flux.error(() -> new ProtocolException(ErrorKind.REQUEST_TIMEOUT,
                    "the request body did not arrive within " + timeout.toSeconds() + " s")));
        });
    }
}
