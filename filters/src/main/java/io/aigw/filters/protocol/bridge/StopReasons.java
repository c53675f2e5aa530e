package io.aigw.filters.protocol.bridge;

/**
 * Finish reasons across the two chat protocols. OpenAI does not say which stop sequence ended an
 * answer, so its {@code stop} is Anthropic's {@code end_turn}; Anthropic's {@code stop_sequence} and
 * {@code pause_turn} are OpenAI's {@code stop}.
 */
final class StopReasons {

    private StopReasons() {
    }

    /** OpenAI {@code finish_reason} to Anthropic {@code stop_reason}; null stays null. */
    static String toAnthropic(String finishReason) {
        if (finishReason == null) {
            return null;
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }

    /** Anthropic {@code stop_reason} to OpenAI {@code finish_reason}; null stays null. */
    static String toOpenAi(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }
}
