package io.aigw.filters.pipeline;

import io.aigw.filters.protocol.ChatEvent;
import java.util.function.Consumer;

/**
 * One policy step over an answer's events (content scanning, labeling...). A stage receives every
 * event in order and passes on what the next stage should see: the event itself, a changed copy,
 * nothing (held back or dropped) or more events. Non-streamed answers go through the same stages as
 * one text event per choice followed by the finish and end events.
 *
 * <p>A stage instance serves one answer: it may keep state, and is called from one thread at a time.
 */
public interface ResponseStage {

    /**
     * The answer begins, before its first event: whether it is a stream (decided once, by the
     * processor, from the upstream's content type) and where the stage may set response headers
     * (see {@link HeaderSink} for how long they may change). Nothing by default.
     */
    default void onStart(boolean streaming, HeaderSink headers) {
    }

    /** Handles one event; {@code next} receives what this stage lets through, in order. */
    void onEvent(ChatEvent event, Consumer<ChatEvent> next);

    /**
     * The upstream answer ended without an end event of its own (a stream cut short, say);
     * release whatever is still held. Not called when an end event passed through {@link #onEvent}.
     */
    default void onComplete(Consumer<ChatEvent> next) {
    }
}
