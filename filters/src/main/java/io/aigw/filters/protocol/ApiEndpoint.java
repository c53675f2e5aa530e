package io.aigw.filters.protocol;

import io.aigw.filters.protocol.openai.OpenAiEmbeddings;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The API endpoints a route of the protocol filter serves, beside chat. Each says how its request is
 * decoded (into the wire-neutral {@link ChatRequest} the policies read: the model, and the prompt texts),
 * how the prompt policy rewrites it, and whether its answers are generated content (which the content
 * policy scans and the labels mark). The client path of each, per protocol, is the adapter's
 * ({@link UpstreamWire#path}).
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

    /** Decodes a request body of this endpoint spoken in {@code protocol}. */
    public ChatRequest decode(Protocol protocol, byte[] body, RequestLimits limits) {
        return this == EMBEDDINGS ? OpenAiEmbeddings.decode(body, limits) : protocol.requestCodec().decode(body, limits);
    }

    /** The request with every prompt text passed through {@code rewrite}; {@code request} itself when none changed. */
    public ChatRequest rewritePromptText(ChatRequest request, UnaryOperator<String> rewrite) {
        return this == EMBEDDINGS ? OpenAiEmbeddings.rewriteInput(request, rewrite)
                : request.protocol().requestCodec().rewriteText(request, rewrite);
    }

    /** The request with its model replaced (a fallback's model). */
    public ChatRequest withModel(ChatRequest request, String model) {
        return this == EMBEDDINGS ? OpenAiEmbeddings.withModel(request, model)
                : request.protocol().requestCodec().withModel(request, model);
    }

    /** Whether part of the request's input is not text the prompt policy can read (embeddings token ids). */
    public boolean hasUnreadableInput(ChatRequest request) {
        return this == EMBEDDINGS && OpenAiEmbeddings.hasTokenInput(request);
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
