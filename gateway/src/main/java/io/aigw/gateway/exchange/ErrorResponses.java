package io.aigw.gateway.exchange;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes the gateway's own errors in the caller's protocol (docs/contract.md, "Errors"), and records each on the
 * exchange's {@link ChatExchange} (when it has one) for its audit line.
 */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    /**
     * Answers {@code error}. When the response is already committed nothing is written (the caller must
     * end a stream instead), and the error is recorded with the status already sent: the answer the
     * client got was cut short.
     */
    public static Mono<Void> write(ServerWebExchange exchange, Protocol protocol, ProtocolException error) {
        ChatExchange chat = ChatExchange.of(exchange);
        if (chat == null) {
            return write(exchange, protocol, error.kind(), error.getMessage(), error.code());
        }
        boolean committed = exchange.getResponse().isCommitted();
        HttpStatusCode sent = exchange.getResponse().getStatusCode();
        chat.facts().recordError(error, committed && sent != null ? sent.value() : error.kind().status());
        if (committed) {
            return Mono.empty();
        }
        // An error answer is an answer too: its audit line is durable before it goes out.
        return chat.commitAudit()
                .then(Mono.defer(() -> write(exchange, protocol, error.kind(), error.getMessage(), error.code())))
                .onErrorResume(ProtocolException.class,
                        unavailable -> write(exchange, protocol, unavailable.kind(), unavailable.getMessage(), unavailable.code()));
    }

    /**
     * Answers with {@code kind}'s status and body; {@code code} overrides the OpenAI code when not null.
     * Does nothing more when the response is already committed (the caller must end a stream instead).
     * Records nothing on the exchange: prefer {@link #write(ServerWebExchange, Protocol, ProtocolException)}.
     */
    public static Mono<Void> write(ServerWebExchange exchange, Protocol protocol, ErrorKind kind, String message, String code) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        byte[] body = ProtocolAdapters.of(protocol).errorBody(kind, message, code);
        response.setStatusCode(HttpStatus.valueOf(kind.status()));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
