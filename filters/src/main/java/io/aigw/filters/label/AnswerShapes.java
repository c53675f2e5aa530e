package io.aigw.filters.label;

import io.aigw.filters.protocol.ChatRequest;
import tools.jackson.databind.JsonNode;

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
        String openAi = type(request.body().get("response_format"));
        if ("json_object".equals(openAi) || "json_schema".equals(openAi)) {
            return true;
        }
        return "json_schema".equals(type(request.body().get("output_format")));
    }

    private static String type(JsonNode format) {
        JsonNode type = format == null ? null : format.get("type");
        return type != null && type.isString() ? type.stringValue() : null;
    }
}
