package io.aigw.filters.protocol;

import io.aigw.filters.protocol.anthropic.AnthropicAdapter;
import io.aigw.filters.protocol.openai.OpenAiAdapter;
import io.aigw.filters.protocol.responses.ResponsesAdapter;
import java.util.Locale;

/** The client-facing protocols the gateway speaks; each maps to exactly one {@link ProtocolAdapter}. */
public enum Protocol {
    OPENAI(new OpenAiAdapter()),
    ANTHROPIC(new AnthropicAdapter()),
    /** The OpenAI Responses API ({@code POST /v1/responses}); its errors are OpenAI's. */
    RESPONSES(new ResponsesAdapter());

    private final ProtocolAdapter adapter;
    private final RequestCodec requestCodec;

    Protocol(ProtocolAdapter adapter) {
        this.adapter = adapter;
        this.requestCodec = new RequestCodec(this, adapter.requestFormat());
    }

    /** The request codec of this protocol (also {@code adapter().requestCodec()}). */
    public RequestCodec requestCodec() {
        return requestCodec;
    }

    /** The stateless adapter (codec, translators, error bodies) of this protocol. */
    public ProtocolAdapter adapter() {
        return adapter;
    }

    /**
     * The protocol a request speaks, guessed before routing from its path and headers (see
     * {@link ProtocolAdapter#claims}): the first protocol other than OpenAI that claims it, OpenAI otherwise
     * (the protocol most clients and compatible upstreams speak).
     *
     * @param hasHeader whether the request carries a header, by lower-case name
     */
    public static Protocol detect(String path, java.util.function.Predicate<String> hasHeader) {
        for (Protocol protocol : values()) {
            if (protocol != OPENAI && protocol.adapter.claims(path, hasHeader)) {
                return protocol;
            }
        }
        return OPENAI;
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
