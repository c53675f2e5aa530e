package io.aigw.gateway.limits;

import io.aigw.filters.protocol.Protocol;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The protocol a request speaks, guessed before routing, so that errors answered by web filters are
 * in terms the caller's SDK understands: Anthropic for paths ending in {@code /messages} or requests
 * with an {@code anthropic-version} header (every Anthropic SDK sends one), OpenAI otherwise.
 */
final class CallerProtocol {

    private CallerProtocol() {
    }

    static Protocol of(ServerHttpRequest request) {
        String path = request.getPath().value();
        if (path.endsWith("/messages") || request.getHeaders().containsHeader("anthropic-version")) {
            return Protocol.ANTHROPIC;
        }
        return Protocol.OPENAI;
    }
}
