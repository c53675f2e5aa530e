package io.aigw.gateway.upstream;

import io.aigw.filters.protocol.bridge.ProtocolBridge;
import io.aigw.gateway.exchange.ChatExchange;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@link ProtocolBridge} of a chat exchange: which protocol its route's upstream speaks (the
 * {@code upstreamProtocol} of {@code ChatProtocol}), kept on the exchange by the protocol filter for
 * the filters that address the upstream (its endpoint, its credential header, its request body).
 */
public final class UpstreamProtocol {

    private static final String ATTRIBUTE = UpstreamProtocol.class.getName();

    private UpstreamProtocol() {
    }

    /** Set by the protocol filter when the route's upstream speaks another protocol than its clients. */
    public static void set(ServerWebExchange exchange, ProtocolBridge bridge) {
        exchange.getAttributes().put(ATTRIBUTE, bridge);
    }

    /** The bridge of {@code chat}'s exchange; the client's own protocol on both sides when none was set. */
    public static ProtocolBridge of(ServerWebExchange exchange, ChatExchange chat) {
        ProtocolBridge bridge = exchange.getAttribute(ATTRIBUTE);
        return bridge != null ? bridge : ProtocolBridge.of(chat.protocol(), chat.protocol());
    }
}
