package io.aigw.gateway.label;

import io.aigw.filters.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.StringNode;

/**
 * Upstream answers of every answer shape in each provider's documented format (OpenAI chat
 * completions and chunks, Anthropic messages and events), for the SDK shape tests of both languages:
 * {@link AnswerShapesIntegrationTest} (Java SDKs) and {@link NodeSdkShapesIntegrationTest} (Node SDKs,
 * whose {@code sdk-node/shapes.mjs} expects these texts).
 */
final class ShapeTranscripts {

    static final String TEXT = "你好！Hello.";
    static final String ANTHROPIC_TEXT = "你好，这是回答。";
    static final String ARGUMENTS = "{\"location\":\"北京\",\"unit\":\"celsius\"}";
    static final String JSON_DOC = "{\"answer\":\"北京\",\"confidence\":0.9}";
    static final String REFUSAL = "I'm sorry, I can't help with that.";
    static final String SIGNATURE = "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds";

    /** One upstream answer: its body, and whether it is an SSE stream. */
    record Transcript(String body, boolean stream) {
    }

    private ShapeTranscripts() {
    }

    static String quoted(String text) {
        return new String(Json.write(StringNode.valueOf(text)), StandardCharsets.UTF_8);
    }

    static String chunk(int index, String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1763983201,\"model\":\"gpt-4o-2024-08-06\","
                + "\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":" + index + ",\"delta\":" + delta
                + ",\"logprobs\":null,\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    static String completion(String choices) {
        return "{\"id\":\"chatcmpl-j\",\"object\":\"chat.completion\",\"created\":1763983201,\"model\":\"gpt-4o-2024-08-06\","
                + "\"choices\":[" + choices + "],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":9,\"total_tokens\":14}}";
    }

    static String event(String type, String json) {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }

    private static final String DONE = "data: [DONE]\n\n";

    // ------------------------------------------------------------------ OpenAI

    static String openAiText() {
        return completion("{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + quoted(TEXT)
                + ",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}");
    }

    static String openAiTextStream() {
        return chunk(0, "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null) + chunk(0, "{\"content\":\"你好！\"}", null)
                + chunk(0, "{\"content\":\"Hello.\"}", null) + chunk(0, "{}", "stop") + DONE;
    }

    static String openAiToolCall() {
        return completion("{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"call_abc\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":"
                + quoted(ARGUMENTS) + "}}],\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}");
    }

    static String openAiToolCallStream() {
        return chunk(0, "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_abc\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}],\"refusal\":null}", null)
                + chunk(0, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"location\\\":\\\"北\"}}]}", null)
                + chunk(0, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"京\\\",\\\"unit\\\":\\\"celsius\\\"}\"}}]}", null)
                + chunk(0, "{}", "tool_calls") + DONE;
    }

    static String openAiJson() {
        return completion("{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + quoted(JSON_DOC)
                + ",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}");
    }

    static String openAiJsonStream() {
        return chunk(0, "{\"role\":\"assistant\",\"content\":\"\"}", null) + chunk(0, "{\"content\":\"{\\\"answer\\\":\\\"北\"}", null)
                + chunk(0, "{\"content\":\"京\\\",\\\"confidence\\\":0.9}\"}", null) + chunk(0, "{}", "stop") + DONE;
    }

    static String openAiTwoChoices() {
        return completion("{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"第一\"},\"finish_reason\":\"stop\"},"
                + "{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"第二\"},\"finish_reason\":\"stop\"}");
    }

    static String openAiTwoChoicesStream() {
        return chunk(0, "{\"role\":\"assistant\",\"content\":\"\"}", null) + chunk(1, "{\"role\":\"assistant\",\"content\":\"\"}", null)
                + chunk(0, "{\"content\":\"第一\"}", null) + chunk(1, "{\"content\":\"第二\"}", null)
                + chunk(0, "{}", "stop") + chunk(1, "{\"content\":\"个\"}", null) + chunk(1, "{}", "stop") + DONE;
    }

    static String openAiRefusal() {
        return completion("{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":" + quoted(REFUSAL) + "},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}");
    }

    static String openAiRefusalStream() {
        return chunk(0, "{\"role\":\"assistant\",\"content\":null,\"refusal\":\"\"}", null)
                + chunk(0, "{\"refusal\":\"I'm sorry, \"}", null) + chunk(0, "{\"refusal\":\"I can't help with that.\"}", null)
                + chunk(0, "{}", "stop") + DONE;
    }

    // ------------------------------------------------------------------ Anthropic

    private static String messageStart() {
        return event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_s\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}");
    }

    private static String messageEnd(String stopReason) {
        return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":30}}")
                + event("message_stop", "{\"type\":\"message_stop\"}");
    }

    /** An Anthropic message stream: {@code message_start}, the given content block events, the stop reason and {@code message_stop}. */
    static String anthropicStream(String blocks, String stopReason) {
        return messageStart() + blocks + messageEnd(stopReason);
    }

    static String textBlock(int index, String... deltas) {
        StringBuilder sb = new StringBuilder(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        for (String delta : deltas) {
            sb.append(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                    + ",\"delta\":{\"type\":\"text_delta\",\"text\":" + quoted(delta) + "}}"));
        }
        return sb.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}")).toString();
    }

    private static String toolUseBlock(int index) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\",\"input\":{}}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"location\\\": \\\"北\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"京\\\", \\\"unit\\\": \\\"celsius\\\"}\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    static String message(String content, String stopReason) {
        return "{\"id\":\"msg_j\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":" + content
                + ",\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":4,\"output_tokens\":6}}";
    }

    static String anthropicToolUse() {
        return message("[{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\",\"input\":{\"location\":\"北京\",\"unit\":\"celsius\"}}]",
                "tool_use");
    }

    static String anthropicTextBlocks() {
        return message("[{\"type\":\"text\",\"text\":\"第一段。\"},{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}},"
                + "{\"type\":\"text\",\"text\":\"第二段。\"}]", "end_turn");
    }

    static String anthropicThinkingStream() {
        return messageStart()
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"用户问天气。\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"" + SIGNATURE + "\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + textBlock(1, "北京", "晴。") + messageEnd("end_turn");
    }

    /**
     * Every shape the Node suite runs, by the name it sends as its prompt ({@code shape:<name>}), in
     * the order of {@code shapes.mjs}.
     */
    static Map<String, Transcript> nodeShapes() {
        Map<String, Transcript> shapes = new LinkedHashMap<>();
        shapes.put("openai-text", new Transcript(openAiText(), false));
        shapes.put("openai-text-stream", new Transcript(openAiTextStream(), true));
        shapes.put("openai-tool-call", new Transcript(openAiToolCall(), false));
        shapes.put("openai-tool-call-stream", new Transcript(openAiToolCallStream(), true));
        shapes.put("openai-json-object", new Transcript(openAiJson(), false));
        shapes.put("openai-json-object-stream", new Transcript(openAiJsonStream(), true));
        shapes.put("openai-json-schema", new Transcript(openAiJson(), false));
        shapes.put("openai-json-schema-stream", new Transcript(openAiJsonStream(), true));
        shapes.put("openai-two-choices", new Transcript(openAiTwoChoices(), false));
        shapes.put("openai-two-choices-stream", new Transcript(openAiTwoChoicesStream(), true));
        shapes.put("openai-refusal", new Transcript(openAiRefusal(), false));
        shapes.put("openai-refusal-stream", new Transcript(openAiRefusalStream(), true));
        shapes.put("anthropic-text", new Transcript(message("[{\"type\":\"text\",\"text\":" + quoted(ANTHROPIC_TEXT) + "}]", "end_turn"), false));
        shapes.put("anthropic-text-stream", new Transcript(messageStart() + textBlock(0, "你好，", "这是回答。") + messageEnd("end_turn"), true));
        shapes.put("anthropic-tool-use", new Transcript(anthropicToolUse(), false));
        shapes.put("anthropic-tool-use-stream", new Transcript(messageStart() + toolUseBlock(0) + messageEnd("tool_use"), true));
        shapes.put("anthropic-text-blocks", new Transcript(anthropicTextBlocks(), false));
        shapes.put("anthropic-text-blocks-stream", new Transcript(messageStart() + textBlock(0, "第一段。")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
                + textBlock(2, "第二段。") + messageEnd("end_turn"), true));
        shapes.put("anthropic-thinking-stream", new Transcript(anthropicThinkingStream(), true));
        shapes.put("anthropic-refusal", new Transcript(message("[{\"type\":\"text\",\"text\":\"Hello..\"}]", "refusal"), false));
        shapes.put("anthropic-refusal-stream", new Transcript(messageStart() + textBlock(0, "Hello..") + messageEnd("refusal"), true));
        return shapes;
    }

    /** The audit's {@code explicit_labels} each Node shape must get. */
    static List<String> expectedExplicitLabels(String shape) {
        if (shape.contains("tool-call") || shape.contains("tool-use")) {
            return List.of("omitted:tool_call");
        }
        if (shape.contains("json")) {
            return List.of("omitted:structured");
        }
        return shape.contains("two-choices") ? List.of("in_text", "in_text") : List.of("in_text");
    }
}
