package io.aigw.gateway.route;

import io.aigw.filters.protocol.ApiEndpoint;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.bridge.ProtocolBridge;
import io.aigw.filters.protocol.openai.OpenAiStreamUsage;
import io.aigw.gateway.exchange.ChatExchange;
import io.aigw.gateway.upstream.ForwardedRequestParts;
import io.aigw.gateway.upstream.RouteForwarding;
import io.aigw.gateway.upstream.UpstreamProtocol;
import io.aigw.gateway.upstream.UpstreamRequests;
import java.net.URI;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
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
 * Sets what is sent upstream just before routing, after every route filter has had its say, for every
 * attempt (retries and fallbacks included): the client's bytes, or the request as a policy rewrote it
 * (translated into the upstream's protocol on a cross-protocol route, {@link UpstreamProtocol}), with a matching {@code Content-Length} and
 * {@code Content-Type: application/json}; only the request headers the route forwards
 * ({@link ForwardedRequestParts}) next to the gateway's upstream key; the client's query string only
 * when the route forwards it; and a streamed OpenAI request asking for its token usage (unless the route
 * says not to).
 */
@Component
public class UpstreamBodyGlobalFilter implements GlobalFilter, Ordered {

    private final RouteForwarding forwarding;

    public UpstreamBodyGlobalFilter(RouteForwarding forwarding) {
        this.forwarding = forwarding;
    }

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
        // In the upstream's protocol: a route may translate between protocols (ChatProtocol's upstreamProtocol).
        ProtocolBridge bridge = UpstreamProtocol.of(exchange, chat);
        Protocol upstream = bridge.upstream();
        ServerHttpRequest request = exchange.getRequest();
        Route route = exchange.getRequiredAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        ForwardedRequestParts parts = forwarding.of(route, upstream);
        byte[] body = upstreamBody(chat, bridge, parts);
        HttpHeaders headers = parts.upstreamHeaders(request.getHeaders(), UpstreamRequests.credentialHeader(upstream));
        headers.setContentLength(body.length);
        URI url = exchange.getRequiredAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR,
                withQuery(url, parts.query() ? request.getURI().getRawQuery() : null));
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

    /** The request in the upstream's protocol, a streamed OpenAI one asking for its usage when the route says so. */
    private static byte[] upstreamBody(ChatExchange chat, ProtocolBridge bridge, ForwardedRequestParts parts) {
        byte[] body = bridge.upstreamBody(chat.upstreamBody());
        if (parts.streamUsage() && !bridge.crosses() && bridge.upstream() == Protocol.OPENAI
                && chat.context().endpoint() == ApiEndpoint.CHAT && chat.context().stream()) {
            return OpenAiStreamUsage.asking(body); // a translated request asks already
        }
        return body;
    }

    /** {@code url} with {@code rawQuery} as its query (none when null). */
    static URI withQuery(URI url, String rawQuery) {
        if (url.getRawQuery() == null && rawQuery == null) {
            return url;
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + path + (rawQuery == null ? "" : "?" + rawQuery));
    }
}
