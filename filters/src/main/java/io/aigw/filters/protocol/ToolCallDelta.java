package io.aigw.filters.protocol;

/**
 * One tool call of an answer, or a piece of it in a stream: OpenAI {@code tool_calls[]} (streamed as
 * deltas by {@code index}), Anthropic {@code tool_use} content blocks (streamed as
 * {@code input_json_delta} pieces of {@code partial_json}). Immutable.
 *
 * @param position the tool call's position: OpenAI {@code tool_calls[].index} (its array position in a
 *     whole answer), Anthropic the content block index
 * @param id the call id when this piece carries it, else {@code null}
 * @param name the tool (function) name when this piece carries it, else {@code null}
 * @param arguments the arguments text of this piece (OpenAI {@code function.arguments}, Anthropic
 *     {@code partial_json}, or the {@code input} object of a whole Anthropic answer as JSON), or
 *     {@code null} when the piece carries none
 */
public record ToolCallDelta(int position, String id, String name, String arguments) {

    /** A copy with other arguments text. */
    public ToolCallDelta withArguments(String newArguments) {
        return new ToolCallDelta(position, id, name, newArguments);
    }
}
