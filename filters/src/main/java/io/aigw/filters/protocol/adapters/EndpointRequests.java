package io.aigw.filters.protocol.adapters;

import io.aigw.filters.protocol.ApiEndpoint;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.RequestLimits;
import io.aigw.filters.protocol.openai.OpenAiEmbeddings;
import java.util.function.UnaryOperator;

/**
 * The request of each {@link ApiEndpoint}: how it is decoded into the wire-neutral {@link ChatRequest} the
 * policies read, and how a policy rewrites it. Chat and count_tokens requests go through the protocol's
 * {@link io.aigw.filters.protocol.RequestCodec}; embeddings requests through {@link OpenAiEmbeddings}.
 */
public final class EndpointRequests {

    private EndpointRequests() {
    }

    /** Decodes a request body of {@code endpoint} spoken in {@code protocol}. */
    public static ChatRequest decode(ApiEndpoint endpoint, Protocol protocol, byte[] body, RequestLimits limits) {
        return endpoint == ApiEndpoint.EMBEDDINGS ? OpenAiEmbeddings.decode(body, limits)
                : protocol.requestCodec().decode(body, limits);
    }

    /** The request with every prompt text passed through {@code rewrite}; {@code request} itself when none changed. */
    public static ChatRequest rewritePromptText(ApiEndpoint endpoint, ChatRequest request, UnaryOperator<String> rewrite) {
        return endpoint == ApiEndpoint.EMBEDDINGS ? OpenAiEmbeddings.rewriteInput(request, rewrite)
                : request.protocol().requestCodec().rewriteText(request, rewrite);
    }

    /** The request with its model replaced (a fallback's model). */
    public static ChatRequest withModel(ApiEndpoint endpoint, ChatRequest request, String model) {
        return endpoint == ApiEndpoint.EMBEDDINGS ? OpenAiEmbeddings.withModel(request, model)
                : request.protocol().requestCodec().withModel(request, model);
    }

    /** Whether part of the request's input is not text the prompt policy can read (embeddings token ids). */
    public static boolean hasUnreadableInput(ApiEndpoint endpoint, ChatRequest request) {
        return endpoint == ApiEndpoint.EMBEDDINGS && OpenAiEmbeddings.hasTokenInput(request);
    }
}
