package io.aigw.gateway.exchange;

import io.netty.handler.codec.http.HttpVersion;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Answers an HTTP/1.0 request in a form HTTP/1.0 understands: never chunked (RFC 9112 §6.1 forbids
 * {@code Transfer-Encoding} towards a 1.0 client), so a body without a known length, such as a stream,
 * is delimited by closing the connection, and the connection is not kept alive. HTTP/1.1 requests
 * are untouched.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class Http10ResponseWebFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof HttpServerRequest request
                && HttpVersion.HTTP_1_0.equals(request.version())
                && ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse()) instanceof HttpServerResponse response) {
            response.chunkedTransfer(false).keepAlive(false);
        }
        return chain.filter(exchange);
    }
}
