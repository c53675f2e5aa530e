package io.aigw.gateway.exchange;

import io.aigw.filters.protocol.Protocol;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The protocol a request speaks, guessed before routing, so that errors answered outside a chat route
 * (web filters, unknown paths) are in terms the caller's SDK understands: Anthropic for paths under
 * {@code /v1/messages} or ending in {@code /messages}, and for requests with an {@code anthropic-version}
 * header (every Anthropic SDK sends one) or an {@code x-api-key} header (where Anthropic SDKs put the
 * key); OpenAI otherwise.
 */
public final class CallerProtocol {

    private CallerProtocol() {
    }

    public static Protocol of(ServerHttpRequest request) {
        String path = request.getPath().value();
        if (path.startsWith("/v1/messages") || path.endsWith("/messages")
                || request.getHeaders().containsHeader("anthropic-version")
                || request.getHeaders().containsHeader("x-api-key")) {
            return Protocol.ANTHROPIC;
        }
        return Protocol.OPENAI;
    }
}
