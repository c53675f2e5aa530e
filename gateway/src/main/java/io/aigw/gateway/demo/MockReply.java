package io.aigw.gateway.demo;

import java.util.List;
import java.util.Objects;

/**
 * A deterministic mock answer and its split into stream deltas.
 *
 * @param text             the whole answer; equals the concatenation of {@code pieces}
 * @param pieces           the content deltas of a streamed answer, none empty
 * @param promptTokens     estimated prompt tokens, at least 1
 * @param completionTokens estimated answer tokens, at least 1
 */
record MockReply(String text, List<String> pieces, int promptTokens, int completionTokens) {

    MockReply {
        Objects.requireNonNull(text, "text");
        pieces = List.copyOf(pieces);
    }

    int totalTokens() {
        return promptTokens + completionTokens;
    }
}
