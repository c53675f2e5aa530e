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
 *
 * <p>An answer is complete only when its end event passed through {@link #onEvent}; there is no other
 * completion call. A stream that ends without its end event is an error (the processor throws, and the
 * client gets the protocol's error event): whatever a stage still holds then is dropped, never released
 * as if the answer were whole.
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
}
