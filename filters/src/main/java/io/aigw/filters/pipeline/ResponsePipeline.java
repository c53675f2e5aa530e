package io.aigw.filters.pipeline;

import io.aigw.filters.protocol.ChatEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * The response stages of one answer, chained in order. Not thread-safe: one instance per answer.
 */
public final class ResponsePipeline {

    private final List<ResponseStage> stages;
    /** heads.get(i) feeds stage i; heads.get(stages.size()) is the sink. */
    private final Consumer<ChatEvent>[] heads;

    @SuppressWarnings("unchecked")
    private ResponsePipeline(List<ResponseStage> stages, Consumer<ChatEvent> sink) {
        this.stages = List.copyOf(stages);
        this.heads = new Consumer[this.stages.size() + 1];
        heads[this.stages.size()] = sink;
        for (int i = this.stages.size() - 1; i >= 0; i--) {
            ResponseStage stage = this.stages.get(i);
            Consumer<ChatEvent> next = heads[i + 1];
            heads[i] = event -> stage.onEvent(event, next);
        }
    }

    /** Chains {@code stages} in order, delivering their output to {@code sink}. */
    public static ResponsePipeline of(List<ResponseStage> stages, Consumer<ChatEvent> sink) {
        return new ResponsePipeline(stages, sink);
    }

    /** Whether there are no stages (events go straight to the sink). */
    public boolean isEmpty() {
        return stages.isEmpty();
    }

    public void push(ChatEvent event) {
        heads[0].accept(event);
    }

    /** Lets each stage, first to last, release what it holds into the stages after it. */
    public void complete() {
        for (int i = 0; i < stages.size(); i++) {
            stages.get(i).onComplete(heads[i + 1]);
        }
    }
}
