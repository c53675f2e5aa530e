package io.aigw.gateway.exchange;

import io.aigw.filters.license.Product;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * What the protocol filter tells the audit about each chat exchange: its admission before anything
 * is served, its end, and requests refused before they were admitted (no product, or a body that
 * could not be read). Each request that reaches a chat route is reported exactly once: by
 * {@link #finish} when it was decoded, by {@link #refused} otherwise. Implementations are
 * thread-safe and never block (they run on the event loop).
 */
public interface ExchangeAudit {

    /** No audit: admits everything, records nothing. */
    ExchangeAudit NONE = new ExchangeAudit() {
        @Override
        public Optional<ProtocolException> admit(ServerWebExchange exchange, ChatExchange chat) {
            return Optional.empty();
        }

        @Override
        public void finish(ServerWebExchange exchange, ChatExchange chat, SignalType signal) {
        }

        @Override
        public void refused(ServerWebExchange exchange, Protocol protocol, Product product, ProtocolException error) {
        }
    };

    /**
     * Called once the exchange is authenticated and decoded, before any policy runs or anything
     * is served.
     *
     * @return empty to serve; otherwise the error to answer with instead (the audit cannot take
     *     the exchange's line and fails closed)
     */
    Optional<ProtocolException> admit(ServerWebExchange exchange, ChatExchange chat);

    /**
     * Called exactly once for a decoded exchange when it ended: completed (served, denied,
     * blocked, or an error answered), failed, or cancelled by the client. Writes its line unless
     * {@link #commit} already did.
     */
    void finish(ServerWebExchange exchange, ChatExchange chat, SignalType signal);

    /**
     * Called just before the answer's last bytes go out: writes the exchange's line as if it
     * completed now, and completes once the line is durable (under the fsync policy); errors with a
     * 503 {@code audit_unavailable} {@link ProtocolException} when it could not be written. After
     * it, {@link #finish} writes nothing. Empty when there is no line to write (already committed,
     * not admitted with one).
     */
    default Mono<Void> commit(ServerWebExchange exchange, ChatExchange chat) {
        return Mono.empty();
    }

    /**
     * A request that ended before it was decoded: refused with 401 (no product), 400 (body not a
     * valid request) or 413 (too large), or abandoned by the client while its body was read.
     *
     * @param product the product when the key was known, else null
     * @param error what the client was answered, or null when the client went away first
     */
    void refused(ServerWebExchange exchange, Protocol protocol, Product product, ProtocolException error);
}
