package io.aigw.gateway.exchange;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Writes the gateway's own errors in the caller's protocol (SPEC.md, "Errors"). */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Mono<Void> write(ServerWebExchange exchange, Protocol protocol, ProtocolException error) {
        return write(exchange, protocol, error.kind(), error.getMessage(), error.code());
    }

    /**
     * Answers with {@code kind}'s status and body; {@code code} overrides the OpenAI code when not null.
     * Does nothing more when the response is already committed (the caller must end a stream instead).
     */
    public static Mono<Void> write(ServerWebExchange exchange, Protocol protocol, ErrorKind kind, String message, String code) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        byte[] body = protocol.adapter().errorBody(kind, message, code);
        response.setStatusCode(HttpStatus.valueOf(kind.status()));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
