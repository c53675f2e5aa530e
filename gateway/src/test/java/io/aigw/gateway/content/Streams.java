package io.aigw.gateway.content;

import io.aigw.filters.protocol.Json;
import tools.jackson.databind.node.ObjectNode;

/** Upstream SSE transcripts built from text pieces, in each provider's wire format. */
public final class Streams {
    private Streams() {
    }

    public static String openAi(String finishReason, String... pieces) {
        StringBuilder sb = new StringBuilder();
        sb.append(openAiChunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
        for (String piece : pieces) {
            ObjectNode delta = Json.NODES.objectNode().put("content", piece);
            sb.append(openAiChunk(delta.toString(), null));
        }
        sb.append(openAiChunk("{}", finishReason));
        return sb.append("data: [DONE]\n\n").toString();
    }

    private static String openAiChunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1763983201,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    public static String anthropic(String... pieces) {
        StringBuilder sb = new StringBuilder();
        sb.append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_s\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n");
        sb.append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (String piece : pieces) {
            ObjectNode data = Json.NODES.objectNode().put("type", "content_block_delta").put("index", 0);
            data.putObject("delta").put("type", "text_delta").put("text", piece);
            sb.append("event: content_block_delta\ndata: ").append(data).append("\n\n");
        }
        sb.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        sb.append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}\n\n");
        return sb.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").toString();
    }

    /** The assistant text of a raw OpenAI stream as a client got it (the content deltas joined). */
    public static String openAiText(String body) {
        StringBuilder text = new StringBuilder();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: {\"id\"")) {
                String content = Json.stringOrNull(Json.parseUpstream(line.substring(6)).path("choices").path(0).path("delta"), "content");
                if (content != null) {
                    text.append(content);
                }
            }
        }
        return text.toString();
    }

    /** Each character of {@code text} as its own piece. */
    public static String[] perChar(String text) {
        return text.codePoints().mapToObj(Character::toString).toArray(String[]::new);
    }
}
