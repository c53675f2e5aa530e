package io.aigw.gateway.exchange;

import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.SignalType;

/**
 * What the protocol filter tells the audit about each chat exchange: its admission before anything
 * is served, its end, and requests refused before they had a product. Implementations are
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
        public void unauthenticated(ServerWebExchange exchange, Protocol protocol) {
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
     * Called exactly once for an admitted exchange when it ended: completed (served, denied,
     * blocked, or an error answered), failed, or cancelled by the client.
     */
    void finish(ServerWebExchange exchange, ChatExchange chat, SignalType signal);

    /** A request refused with 401 before it had a product. */
    void unauthenticated(ServerWebExchange exchange, Protocol protocol);
}
