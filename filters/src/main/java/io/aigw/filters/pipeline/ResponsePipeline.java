package io.aigw.filters.pipeline;

import io.aigw.filters.protocol.ChatEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * The response stages of one answer, chained in order. Not thread-safe: one instance per answer.
 */
public final class ResponsePipeline {

    /** The first stage's input: each stage's output feeds the next, the last one's the sink. */
    private final Consumer<ChatEvent> head;

    private ResponsePipeline(List<ResponseStage> stages, Consumer<ChatEvent> sink) {
        Consumer<ChatEvent> next = sink;
        for (int i = stages.size() - 1; i >= 0; i--) {
            ResponseStage stage = stages.get(i);
            Consumer<ChatEvent> downstream = next;
            next = event -> stage.onEvent(event, downstream);
        }
        this.head = next;
    }

    /** Chains {@code stages} in order, delivering their output to {@code sink}. */
    public static ResponsePipeline of(List<ResponseStage> stages, Consumer<ChatEvent> sink) {
        return new ResponsePipeline(stages, sink);
    }

    /** Feeds {@code event} to the first stage (to the sink when there are none). */
    public void push(ChatEvent event) {
        head.accept(event);
    }
}
