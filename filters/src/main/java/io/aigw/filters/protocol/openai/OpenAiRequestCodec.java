package io.aigw.filters.protocol.openai;

import io.aigw.filters.protocol.ChatMessage;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.RequestCodec;
import io.aigw.filters.protocol.RequestFields;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.node.ObjectNode;

/** Decodes a Chat Completions request: {@code model}, {@code messages} (required) and {@code stream}. */
final class OpenAiRequestCodec implements RequestCodec {

    @Override
    public ChatRequest decode(byte[] raw) {
        ObjectNode body = Json.parseRequestObject(raw);
        String model = RequestFields.requireString(body, "model");
        List<ChatMessage> messages = new ArrayList<>();
        RequestFields.readMessages(RequestFields.requireArray(body, "messages"), messages);
        boolean stream = RequestFields.optionalBoolean(body, "stream");
        return new ChatRequest(Protocol.OPENAI, model, stream, messages, body, raw);
    }

    @Override
    public ChatRequest rewriteText(ChatRequest request, UnaryOperator<String> rewrite) {
        ObjectNode body = request.body().deepCopy();
        return RequestFields.rewriteMessages(body, rewrite) ? decode(Json.write(body)) : request;
    }
}
