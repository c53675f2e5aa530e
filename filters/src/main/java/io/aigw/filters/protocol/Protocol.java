package io.aigw.filters.protocol;

import java.util.Locale;

/**
 * The client-facing protocols the gateway speaks. Each has exactly one {@link ProtocolAdapter}, found with
 * {@code protocol.adapters.ProtocolAdapters.of} (this package does not know the adapter packages, which
 * depend on it), and one {@link RequestCodec}.
 */
public enum Protocol {
    OPENAI(null),
    ANTHROPIC(null),
    /** The OpenAI Responses API ({@code POST /v1/responses}); its errors are OpenAI's. */
    RESPONSES(new ResponsesRequests());

    private final RequestCodec requestCodec;

    /** @param format the protocol's own request format, or null for the chat walks ({@link RequestWalk}) */
    Protocol(RequestCodec.RequestFormat format) {
        this.requestCodec = new RequestCodec(this, format);
    }

    /** The request codec of this protocol (also the requestCodec() of its adapter). */
    public RequestCodec requestCodec() {
        return requestCodec;
    }

    /** Parses a configuration value such as {@code openai}, {@code anthropic} or {@code responses}, case-insensitively. */
    public static Protocol fromName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown protocol '" + name + "' (expected openai, anthropic or responses)", e);
        }
    }
}
