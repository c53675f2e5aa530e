package io.aigw.gateway.exchange;

import io.aigw.filters.audit.ExchangeFacts;
import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.TokenCounts;
import java.util.function.Consumer;

/**
 * A read-only response stage that records one fact of the answer in its exchange's {@link ExchangeFacts}
 * and passes every event on unchanged (so unchanged events still go out byte for byte). Placed first
 * for {@link What#USAGE} (what the upstream reported, whatever the policies do next) and last for
 * {@link What#DELIVERED_OUTPUT} / {@link What#DELIVERED_TEXT} (what the client received: recorded through
 * the answer's {@link AnswerDelivery}, so that output a gate withholds is not). One instance per answer;
 * not thread-safe.
 */
final class AnswerRecorder implements ResponseStage {

    /** What the recorder records. */
    enum What {
        /** Token usage the decoders read from the upstream's events ({@link ChatEvent#usage()}: stream events, or a JSON answer's end event). */
        USAGE,
        /** That output reached the client: answer text, reasoning, a tool call. */
        DELIVERED_OUTPUT,
        /** As {@link #DELIVERED_OUTPUT}, and the answer text (content, refusal) of every event that carried some. */
        DELIVERED_TEXT
    }

    private final ExchangeFacts facts;
    private final AnswerDelivery delivery;
    private final What what;

    AnswerRecorder(ExchangeFacts facts, AnswerDelivery delivery, What what) {
        this.facts = facts;
        this.delivery = delivery;
        this.what = what;
    }

    @Override
    public void onEvent(ChatEvent event, Consumer<ChatEvent> next) {
        if (what == What.USAGE) {
            TokenCounts reported = event.usage();
            if (reported != null) {
                facts.updateUsage(reported);
            }
        } else if (event.hasAnswerText() && !event.text().isEmpty()) {
            delivery.record(what == What.DELIVERED_TEXT ? ExchangeFacts::addDeliveredText : AnswerRecorder::noteOutput, event.text());
        } else if ((event.hasText() && !event.text().isEmpty()) || event.hasTools()) {
            delivery.record(AnswerRecorder::noteOutput, null); // reasoning or a tool call: output reached the client, not answer text
        }
        next.accept(event);
    }

    private static void noteOutput(ExchangeFacts facts, String unused) {
        facts.noteOutputDelivered();
    }
}
