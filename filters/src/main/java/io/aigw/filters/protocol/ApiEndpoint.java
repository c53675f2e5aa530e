package io.aigw.filters.protocol;

import java.util.Locale;

/**
 * The API endpoints a route of the protocol filter serves, beside chat. Each says how its request is
 * decoded (into the wire-neutral {@link ChatRequest} the policies read: the model, and the prompt texts),
 * how the prompt policy rewrites it, and whether its answers are generated content (which the content
 * policy scans and the labels mark). The client path of each, per protocol, is the adapter's
 * ({@link UpstreamWire#path}); how each is decoded and rewritten is in {@code protocol.adapters.EndpointRequests}.
 */
public enum ApiEndpoint {
    /** OpenAI Chat Completions, Anthropic Messages. */
    CHAT(true),
    /**
     * OpenAI embeddings. Not generated content: the answer is vectors, never shown to people, so the
     * completion policy and the labels (GB 45438 marks generated content presented to users) do not apply.
     */
    EMBEDDINGS(false),
    /** Anthropic {@code count_tokens}: a Messages request answered with a token count, not generated content. */
    COUNT_TOKENS(false);

    private final boolean generative;

    ApiEndpoint(boolean generative) {
        this.generative = generative;
    }

    /** Whether answers are generated content: scanned by the completion policy and labeled. */
    public boolean generative() {
        return generative;
    }

    /** Parses a configuration value: {@code chat}, {@code embeddings}, {@code count-tokens}, case-insensitively. */
    public static ApiEndpoint fromName(String name) {
        try {
            return valueOf(name.strip().replace('-', '_').toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown endpoint '" + name + "' (expected chat, embeddings or count-tokens)", e);
        }
    }
}
