package io.aigw.filters.protocol;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * A decoded chat request, wire-neutral for the policies and still holding its wire form.
 *
 * <p>{@code body} is the parsed JSON object; treat it as read-only (codecs copy before changing it).
 * {@code raw} is the exact body received, forwarded as-is unless a policy changes the request.
 *
 * @param protocol the protocol the client spoke
 * @param model the requested model name, never blank
 * @param stream whether the client asked for a streamed answer
 * @param messages the prompt's messages in order (system prompts first, with role {@code system})
 * @param body the parsed body
 * @param raw the exact bytes received
 */
public record ChatRequest(
        Protocol protocol, String model, boolean stream, List<ChatMessage> messages, ObjectNode body, byte[] raw) {

    public ChatRequest {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(raw, "raw");
    }

    @Override
    public String toString() {
        return "ChatRequest[" + protocol + ", model=" + model + ", stream=" + stream + ", messages=" + messages.size() + "]";
    }
}
