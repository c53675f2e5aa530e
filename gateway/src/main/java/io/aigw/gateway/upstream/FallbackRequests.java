package io.aigw.gateway.upstream;

import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.adapters.EndpointRequests;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import io.aigw.gateway.exchange.ChatExchange;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;

/** Points an exchange at a fallback upstream: its URL, its key, and the request rewritten for its model. */
final class FallbackRequests {

    private FallbackRequests() {
    }

    /**
     * The exchange to route to {@code fallback}: the request URL is the fallback's base path plus the
     * upstream protocol's endpoint, the upstream key is the fallback's (none when it has none), and the chat
     * request sent upstream names the fallback's model (so labels and the audit name the model that answered).
     */
    static ServerWebExchange reroute(ServerWebExchange exchange, ChatExchange chat, UpstreamFallback fallback) {
        // The upstream's protocol addresses it; the chat request stays in the client's (translated when sent).
        Protocol protocol = UpstreamProtocol.of(exchange, chat).upstream();
        String apiPath = ProtocolAdapters.of(protocol).wire().path(chat.context().endpoint());
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, UpstreamRequests.url(fallback.uri(), protocol, apiPath));
        if (!fallback.model().equals(chat.request().model())) {
            chat.replaceRequest(EndpointRequests.withModel(chat.context().endpoint(), chat.request(), fallback.model()));
        }
        return exchange.mutate().request(request -> request.headers(
                headers -> UpstreamRequests.authorize(headers, protocol, fallback.apiKey()))).build();
    }
}
