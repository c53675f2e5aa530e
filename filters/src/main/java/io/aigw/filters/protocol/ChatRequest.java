package io.aigw.filters.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A decoded chat request, wire-neutral for the policies and still holding its wire form.
 *
 * <p>{@code raw} is the exact body received, forwarded as-is unless a policy changes the request; either
 * way it is a body the strict read of {@link RequestCodec} accepted, and {@code model}, {@code stream}
 * and {@code messages} are what that read found in it. No parsed tree is kept: a request costs its bytes
 * and its texts.
 *
 * @param protocol the protocol the client spoke
 * @param model the requested model name, never blank
 * @param stream whether the client asked for a streamed answer
 * @param messages the prompt's messages in order (system prompts first, with role {@code system})
 * @param raw the body to send upstream
 * @param answerFormat the {@code type} of the requested answer format (OpenAI {@code response_format},
 *     Anthropic {@code output_format}), e.g. {@code json_schema}; null when the request names none
 */
public record ChatRequest(Protocol protocol, String model, boolean stream, List<ChatMessage> messages, byte[] raw,
                          String answerFormat) {

    public ChatRequest {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        Objects.requireNonNull(raw, "raw");
    }

    /** A request that names no answer format. */
    public ChatRequest(Protocol protocol, String model, boolean stream, List<ChatMessage> messages, byte[] raw) {
        this(protocol, model, stream, messages, raw, null);
    }

    @Override
    public String toString() {
        return "ChatRequest[" + protocol + ", model=" + model + ", stream=" + stream + ", messages=" + messages.size() + "]";
    }
}
