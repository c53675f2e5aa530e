package io.aigw.filters.protocol.adapters;

import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolAdapter;
import io.aigw.filters.protocol.anthropic.AnthropicAdapter;
import io.aigw.filters.protocol.openai.OpenAiAdapter;
import io.aigw.filters.protocol.responses.ResponsesAdapter;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/** The one stateless {@link ProtocolAdapter} of each {@link Protocol}. */
public final class ProtocolAdapters {

    private static final Map<Protocol, ProtocolAdapter> ADAPTERS = adapters();

    private ProtocolAdapters() {
    }

    /** The adapter (codec, translators, error bodies) of {@code protocol}. */
    public static ProtocolAdapter of(Protocol protocol) {
        return ADAPTERS.get(Objects.requireNonNull(protocol, "protocol"));
    }

    /**
     * The protocol a request speaks, guessed before routing from its path and headers (see
     * {@link ProtocolAdapter#claims}): the first protocol other than OpenAI that claims it, OpenAI otherwise
     * (the protocol most clients and compatible upstreams speak).
     *
     * @param hasHeader whether the request carries a header, by lower-case name
     */
    public static Protocol detect(String path, Predicate<String> hasHeader) {
        for (Protocol protocol : Protocol.values()) {
            if (protocol != Protocol.OPENAI && of(protocol).claims(path, hasHeader)) {
                return protocol;
            }
        }
        return Protocol.OPENAI;
    }

    private static Map<Protocol, ProtocolAdapter> adapters() {
        Map<Protocol, ProtocolAdapter> adapters = new EnumMap<>(Protocol.class);
        adapters.put(Protocol.OPENAI, new OpenAiAdapter());
        adapters.put(Protocol.ANTHROPIC, new AnthropicAdapter());
        adapters.put(Protocol.RESPONSES, new ResponsesAdapter());
        if (adapters.size() != Protocol.values().length) {
            throw new IllegalStateException("a protocol without adapter");
        }
        return adapters;
    }
}
