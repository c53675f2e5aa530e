package io.aigw.gateway.route;

import io.aigw.gateway.exchange.ChatExchange;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;

/**
 * Sets the body sent upstream just before routing, after every route filter has had its say: the
 * client's bytes, or the request as a policy rewrote it, with a matching {@code Content-Length} and
 * {@code Content-Type: application/json}.
 */
@Component
public class UpstreamBodyGlobalFilter implements GlobalFilter, Ordered {

    @Override
    public int getOrder() {
        return NettyRoutingFilter.ORDER - 1;
    }

    @Override
    public reactor.core.publisher.Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ChatExchange chat = ChatExchange.of(exchange);
        if (chat == null) {
            return chain.filter(exchange);
        }
        byte[] body = chat.upstreamBody();
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(request.getHeaders());
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.setContentLength(body.length);
        // The body is UTF-8 JSON (the codec accepted it); say so plainly, whatever JSON type the client named.
        headers.setContentType(MediaType.APPLICATION_JSON);
        ServerHttpRequest withBody = new ServerHttpRequestDecorator(request) {
            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
            }
        };
        return chain.filter(exchange.mutate().request(withBody).build());
    }
}
