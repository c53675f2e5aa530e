package io.aigw.filters.protocol;

import io.aigw.filters.protocol.anthropic.AnthropicAdapter;
import io.aigw.filters.protocol.openai.OpenAiAdapter;
import java.util.Locale;

/** The client-facing protocols the gateway speaks; each maps to exactly one {@link ProtocolAdapter}. */
public enum Protocol {
    OPENAI(new OpenAiAdapter()),
    ANTHROPIC(new AnthropicAdapter());

    private final ProtocolAdapter adapter;
    private final RequestCodec requestCodec;

    Protocol(ProtocolAdapter adapter) {
        this.adapter = adapter;
        this.requestCodec = new RequestCodec(this);
    }

    /** The request codec of this protocol (also {@code adapter().requestCodec()}). */
    public RequestCodec requestCodec() {
        return requestCodec;
    }

    /** The stateless adapter (codec, translators, error bodies) of this protocol. */
    public ProtocolAdapter adapter() {
        return adapter;
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
