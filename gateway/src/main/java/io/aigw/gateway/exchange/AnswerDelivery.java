package io.aigw.gateway.exchange;

import io.aigw.filters.audit.ExchangeFacts;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The facts an answer's stages record about output the client receives (its text, that output went
 * out, how far the labels went, the finished labeled answer with its receipt), held until that output
 * really went out. On an answer without {@link AnswerGate}s a fact is recorded in the
 * {@link ExchangeFacts} at once: what leaves the stages goes out. On a gated answer each fact is stamped
 * with the mark of the output being processed; the decorator {@linkplain #seal() seals} each output
 * after the stages ran over it, and records the facts up to a mark once every gate
 * {@linkplain #released released} up to it. What a gate withholds and drops (a refused segment) is never
 * recorded. Held facts are bounded as the output they describe is (what the gates hold, and the upstream
 * chunks the decorator processes ahead while a verdict is pending).
 *
 * <p>Threads: {@link #record}, {@link #mark} and {@link #seal} are called by the stages' side (one thread at a time),
 * {@link #released} by the gates' side (one thread at a time), possibly concurrently with the first.
 */
public final class AnswerDelivery {

    private final ExchangeFacts facts;
    private final ConcurrentLinkedQueue<Held> held = new ConcurrentLinkedQueue<>();
    private volatile boolean gated;
    /** The mark of the output the stages are processing: the next one {@link #seal()} closes. Stages' side only. */
    private long current = 1;

    AnswerDelivery(ExchangeFacts facts) {
        this.facts = Objects.requireNonNull(facts, "facts");
    }

    /** Called when the answer's stages are made: whether gates hold its output back. */
    void gated(boolean gated) {
        this.gated = gated;
    }

    /** Records {@code fact} of {@code value} about the output being processed: at once, or once that output is released. */
    public <T> void record(BiConsumer<ExchangeFacts, T> fact, T value) {
        if (gated) {
            held.add(new Held(current, f -> fact.accept(f, value)));
        } else {
            fact.accept(facts, value);
        }
    }

    /** The mark of the output the stages are processing (stages' side): what they see now goes out with it. */
    public long mark() {
        return current;
    }

    /** The output the stages just processed is complete: returns its mark; later facts belong to the next one. */
    public long seal() {
        return current++;
    }

    /** Every gate released the outputs up to {@code upTo}: their facts are recorded, in order. */
    public void released(long upTo) {
        Held next;
        while ((next = held.peek()) != null && next.mark() <= upTo) {
            held.poll().fact().accept(facts);
        }
    }

    private record Held(long mark, Consumer<ExchangeFacts> fact) {
    }
}
