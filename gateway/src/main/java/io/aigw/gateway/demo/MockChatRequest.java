package io.aigw.gateway.demo;

import java.util.Objects;

/**
 * The parts of a chat request, in either protocol, that shape the mock answer.
 *
 * @param model        the requested model name, echoed in the answer; never blank
 * @param stream       whether the client asked for server-sent events
 * @param includeUsage OpenAI {@code stream_options.include_usage}; always false for Anthropic
 * @param lastUserText the text of the last user message, empty if there is none; never null
 * @param promptText   every system and message text joined, used to estimate prompt tokens; never null
 */
record MockChatRequest(String model, boolean stream, boolean includeUsage, String lastUserText, String promptText) {

    MockChatRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(lastUserText, "lastUserText");
        Objects.requireNonNull(promptText, "promptText");
    }
}
