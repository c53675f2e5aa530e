package io.aigw.filters.protocol;

import java.util.Locale;

/**
 * The client-facing protocols the gateway speaks. Each has exactly one {@link ProtocolAdapter}, found with
 * {@code protocol.adapters.ProtocolAdapters.of} (this package does not know the adapter packages, which
 * depend on it).
 */
public enum Protocol {
    OPENAI,
    ANTHROPIC;

    private final RequestCodec requestCodec;

    Protocol() {
        this.requestCodec = new RequestCodec(this);
    }

    /** The request codec of this protocol (also the requestCodec() of its adapter). */
    public RequestCodec requestCodec() {
        return requestCodec;
    }

    /** Parses a configuration value such as {@code openai} or {@code anthropic}, case-insensitively. */
    public static Protocol fromName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown protocol '" + name + "' (expected openai or anthropic)", e);
        }
    }
}
