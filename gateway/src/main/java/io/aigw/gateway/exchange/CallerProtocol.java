package io.aigw.gateway.exchange;

import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The protocol a request speaks, guessed before routing, so that errors answered outside a chat route
 * (web filters, unknown paths) are in terms the caller's SDK understands: the protocol adapters say what
 * marks their requests ({@link io.aigw.filters.protocol.adapters.ProtocolAdapters#detect}; Anthropic: paths under {@code /v1/messages} or ending in
 * {@code /messages}, an {@code anthropic-version} or {@code x-api-key} header); OpenAI otherwise.
 */
public final class CallerProtocol {

    private CallerProtocol() {
    }

    public static Protocol of(ServerHttpRequest request) {
        return ProtocolAdapters.detect(request.getPath().value(), request.getHeaders()::containsHeader);
    }
}
