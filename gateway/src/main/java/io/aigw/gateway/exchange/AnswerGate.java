package io.aigw.gateway.exchange;

import io.aigw.filters.pipeline.ResponseStage;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A response stage that also holds the encoded answer back until an asynchronous check allows it (an
 * external moderation service). The response decorator hands it every piece of the answer as encoded,
 * in order, after the stages ran over it; the gate releases held pieces only once their verdict is in.
 * One instance per answer, called by one subscriber at a time.
 */
public interface AnswerGate extends ResponseStage {

    /**
     * Takes the next piece of the encoded answer.
     *
     * @param bytes the piece, possibly empty
     * @param last whether it is the last piece (everything still held must be decided now)
     * @return the bytes released now, in order (possibly none), once allowed; an error
     *     ({@link io.aigw.filters.protocol.ProtocolException}) when the held answer is refused
     */
    Mono<byte[]> offer(byte[] bytes, boolean last);

    /** The gates among {@code stages}, in order. */
    static List<AnswerGate> in(List<ResponseStage> stages) {
        return stages.stream().filter(AnswerGate.class::isInstance).map(AnswerGate.class::cast).toList();
    }

    /** {@code bytes} through every gate in order. */
    static Mono<byte[]> offerAll(List<AnswerGate> gates, byte[] bytes, boolean last) {
        Mono<byte[]> released = Mono.just(bytes);
        for (AnswerGate gate : gates) {
            released = released.flatMap(piece -> gate.offer(piece, last));
        }
        return released;
    }
}
