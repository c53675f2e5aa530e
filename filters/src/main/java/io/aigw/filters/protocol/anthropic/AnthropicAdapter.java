package io.aigw.filters.protocol.anthropic;

import io.aigw.filters.protocol.AnswerGrammar;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.JsonTranslator;
import io.aigw.filters.protocol.ProtocolAdapter;
import io.aigw.filters.protocol.RequestCodec;
import io.aigw.filters.protocol.StreamTranslator;
import tools.jackson.databind.node.ObjectNode;

/** Anthropic Messages: {@code POST /v1/messages}. */
public final class AnthropicAdapter implements ProtocolAdapter {

    private final RequestCodec requestCodec = new AnthropicRequestCodec();
    private final JsonTranslator jsonTranslator = new AnthropicJsonTranslator();
    private final AnswerGrammar answerGrammar = new AnthropicAnswerGrammar();

    @Override
    public RequestCodec requestCodec() {
        return requestCodec;
    }

    @Override
    public StreamTranslator newStreamTranslator() {
        return new AnthropicStreamTranslator();
    }

    @Override
    public JsonTranslator jsonTranslator() {
        return jsonTranslator;
    }

    @Override
    public AnswerGrammar answerGrammar() {
        return answerGrammar;
    }

    @Override
    public String contentFilterFinishReason() {
        return "refusal";
    }

    /** Anthropic errors have no code field: {@code code} is not sent. */
    @Override
    public byte[] errorBody(ErrorKind kind, String message, String code) {
        return Json.write(errorObject(kind, message));
    }

    /** {@code {"type":"error","error":{"type","message"}}}. */
    static ObjectNode errorObject(ErrorKind kind, String message) {
        ObjectNode root = Json.NODES.objectNode();
        root.put("type", "error");
        ObjectNode error = root.putObject("error");
        error.put("type", kind.anthropicType());
        error.put("message", message);
        return root;
    }
}
