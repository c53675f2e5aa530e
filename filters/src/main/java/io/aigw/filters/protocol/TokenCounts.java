package io.aigw.filters.protocol;

import tools.jackson.databind.JsonNode;

/**
 * Token usage as an upstream reported it, wire-neutral: OpenAI {@code prompt_tokens} /
 * {@code completion_tokens}, Anthropic {@code input_tokens} / {@code output_tokens}. Immutable.
 *
 * @param inputTokens the prompt's tokens, or null when not reported
 * @param outputTokens the completion's tokens, or null when not reported
 */
public record TokenCounts(Long inputTokens, Long outputTokens) {

    /**
     * These counts updated by a later report: each count the later one gives replaces this one's
     * (Anthropic's {@code message_delta} usage is cumulative), the others are kept.
     *
     * @param later a later report, or null (then this is returned)
     */
    public TokenCounts updatedBy(TokenCounts later) {
        if (later == null) {
            return this;
        }
        return new TokenCounts(later.inputTokens != null ? later.inputTokens : inputTokens,
                later.outputTokens != null ? later.outputTokens : outputTokens);
    }

    /**
     * The counts in {@code usage} (a JSON object), read from the two named fields; null when
     * {@code usage} is not an object or has neither field as a number. For adapters.
     *
     * @param usage the usage object, or null
     */
    public static TokenCounts read(JsonNode usage, String inputField, String outputField) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        Long input = count(usage.get(inputField));
        Long output = count(usage.get(outputField));
        return input == null && output == null ? null : new TokenCounts(input, output);
    }

    private static Long count(JsonNode n) {
        return n != null && n.isIntegralNumber() ? n.longValue() : null;
    }
}
