package io.aigw.filters.protocol.bridge;

import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.TokenCounts;
import tools.jackson.databind.node.ObjectNode;

/** Token counts as an OpenAI {@code usage} object; a count not reported is 0. */
final class OpenAiUsage {

    private OpenAiUsage() {
    }

    static ObjectNode of(TokenCounts counts) {
        long input = counts.inputTokens() == null ? 0 : counts.inputTokens();
        long output = counts.outputTokens() == null ? 0 : counts.outputTokens();
        return Json.NODES.objectNode().put("prompt_tokens", input).put("completion_tokens", output)
                .put("total_tokens", input + output);
    }
}
