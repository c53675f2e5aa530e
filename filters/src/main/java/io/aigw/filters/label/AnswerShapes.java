package io.aigw.filters.label;

import io.aigw.filters.protocol.ChatRequest;

/** What a request tells about the shape of its answer. Stateless. */
public final class AnswerShapes {

    private AnswerShapes() {
    }

    /**
     * Whether the request asks for a structured (JSON) answer, whose text must stay the JSON document:
     * OpenAI {@code response_format.type} {@code json_object} or {@code json_schema}; Anthropic
     * {@code output_format.type} {@code json_schema} (structured outputs).
     */
    public static boolean structuredRequested(ChatRequest request) {
        String format = request.answerFormat();
        return "json_object".equals(format) || "json_schema".equals(format);
    }
}
