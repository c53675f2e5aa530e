package io.aigw.gateway.upstream;

import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.Protocol;
import io.aigw.gateway.exchange.ChatExchange;
import io.aigw.gateway.route.ApiKeys;
import io.aigw.gateway.route.UpstreamProtocol;
import java.net.URI;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
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
        Protocol protocol = UpstreamProtocol.of(exchange, chat).upstream();
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, endpoint(fallback.uri(), protocol));
        if (!fallback.model().equals(chat.request().model())) {
            chat.replaceRequest(withModel(chat.request(), fallback.model()));
        }
        return exchange.mutate().request(request -> request.headers(headers -> {
            headers.remove(HttpHeaders.AUTHORIZATION);
            headers.remove(ApiKeys.X_API_KEY);
            if (fallback.apiKey() != null) {
                if (protocol == Protocol.ANTHROPIC) {
                    headers.set(ApiKeys.X_API_KEY, fallback.apiKey());
                } else {
                    headers.setBearerAuth(fallback.apiKey());
                }
            }
        })).build();
    }

    /** {@code request} with its {@code model} field replaced, everything else kept. */
    static ChatRequest withModel(ChatRequest request, String model) {
        return request.protocol().requestCodec().withModel(request, model);
    }

    private static URI endpoint(URI base, Protocol protocol) {
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        String path = basePath + (protocol == Protocol.OPENAI ? "/chat/completions" : "/v1/messages");
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path);
    }
}
