package io.aigw.filters.protocol.anthropic;

import io.aigw.filters.protocol.ChatMessage;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.RequestCodec;
import io.aigw.filters.protocol.RequestFields;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes a Messages request: {@code model} and {@code messages} (required), {@code system}
 * (a string or text blocks, read as a first message with role {@code system}) and {@code stream}.
 * Other fields ({@code max_tokens} included) are the upstream's to validate.
 */
final class AnthropicRequestCodec implements RequestCodec {

    @Override
    public ChatRequest decode(byte[] raw) {
        ObjectNode body = Json.parseRequestObject(raw);
        String model = RequestFields.requireString(body, "model");
        JsonNode messagesNode = RequestFields.requireArray(body, "messages");
        List<ChatMessage> messages = new ArrayList<>();
        JsonNode system = body.get("system");
        if (system != null && !system.isNull()) {
            messages.add(new ChatMessage("system", RequestFields.contentText(system)));
        }
        RequestFields.readMessages(messagesNode, messages);
        boolean stream = RequestFields.optionalBoolean(body, "stream");
        return new ChatRequest(Protocol.ANTHROPIC, model, stream, messages, body, raw);
    }

    @Override
    public ChatRequest rewriteText(ChatRequest request, UnaryOperator<String> rewrite) {
        ObjectNode body = request.body().deepCopy();
        boolean changed = RequestFields.rewriteContent(body, "system", rewrite);
        changed |= RequestFields.rewriteMessages(body, rewrite);
        return changed ? decode(Json.write(body)) : request;
    }
}
