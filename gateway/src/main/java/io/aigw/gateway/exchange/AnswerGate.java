package io.aigw.gateway.exchange;

import io.aigw.filters.pipeline.ResponseStage;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A response stage that also holds the encoded answer back until an asynchronous check allows it (an
 * external moderation service). The response decorator hands it every piece of the answer as encoded,
 * in order, after the stages ran over it; the gate releases held pieces, unchanged and in order, only once
 * their verdict is in, and drops them when the answer is refused. Each piece carries a mark (see
 * {@link AnswerDelivery}): what the stages recorded about the output in a piece counts as delivered
 * once every gate released up to its mark, never when a gate dropped it.
 *
 * <p>One instance per answer. {@link #offer} is called by one subscriber at a time, but may run on
 * another thread than {@link #onEvent} and concurrently with it (the stages may already process the
 * next upstream chunk while a verdict is pending): what the stage side hands to the gate side must be
 * safely published.
 */
public interface AnswerGate extends ResponseStage {

    /**
     * A piece of the encoded answer.
     *
     * @param bytes the bytes, possibly none
     * @param upTo the mark up to which everything is in this piece or went out before it: every output
     *     the decorator numbered up to {@code upTo} has been passed on
     */
    record Piece(byte[] bytes, long upTo) {
    }

    /**
     * Takes the next piece of the encoded answer.
     *
     * @param piece the piece, possibly empty
     * @param last whether it is the last piece (everything still held must be decided now)
     * @return the bytes released now, in order (possibly none), with the mark up to which all offered
     *     pieces are released (the mark of the last piece released, or of an earlier one while some are
     *     held); an error ({@link io.aigw.filters.protocol.ProtocolException}) when the held answer is refused
     */
    Mono<Piece> offer(Piece piece, boolean last);

    /** The gates among {@code stages}, in order. */
    static List<AnswerGate> in(List<ResponseStage> stages) {
        return stages.stream().filter(AnswerGate.class::isInstance).map(AnswerGate.class::cast).toList();
    }

    /** {@code piece} through every gate in order: what the last one released. */
    static Mono<Piece> offerAll(List<AnswerGate> gates, Piece piece, boolean last) {
        Mono<Piece> released = Mono.just(piece);
        for (AnswerGate gate : gates) {
            released = released.flatMap(offered -> gate.offer(offered, last));
        }
        return released;
    }
}
