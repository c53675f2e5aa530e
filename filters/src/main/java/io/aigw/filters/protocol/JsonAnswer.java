package io.aigw.filters.protocol;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A non-streamed answer decoded into the same events a stream would give, so that response stages
 * work on both. Content text is one event per choice / text block, followed by finish events and
 * one end marker, whose {@link ChatEvent#payload()} is the whole parsed answer (read-only), so that
 * stages can read answer-level fields such as {@code usage}.
 *
 * @param body the parsed answer; read-only
 * @param raw the exact bytes received
 * @param events the decoded events, in order
 */
public record JsonAnswer(ObjectNode body, byte[] raw, List<ChatEvent> events) {
    public JsonAnswer {
        events = List.copyOf(events);
    }
}
