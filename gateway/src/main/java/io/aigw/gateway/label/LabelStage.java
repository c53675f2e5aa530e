package io.aigw.gateway.label;

import io.aigw.filters.label.AigcMetadata;
import io.aigw.filters.label.AnswerLabeling;
import io.aigw.filters.label.DisclosureHeader;
import io.aigw.filters.label.LabeledAnswer;
import io.aigw.filters.label.Receipts;
import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.protocol.AnswerGrammar;
import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.exchange.ResponseHeadersContributor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The {@code AiLabel} response stage of one answer: puts the explicit label into the assistant text,
 * the implicit label ({@code aigc}) and the receipt into the answer, and sets the {@code AIGC},
 * {@code AIGC-Receipt} and {@code AI-Disclosure} headers.
 *
 * <p>Streams: the prefix is a new text event just before the first non-empty upstream text; the
 * suffix a new text event before the finish (OpenAI: before the chunk with {@code finish_reason}, or
 * appended to that chunk's own text; Anthropic: before the {@code content_block_stop} of the last
 * text block, which is held back by one event to learn whether it was the last, or in a new text
 * block when none is open). The final {@code aigc} and {@code aigc_receipt} go into the last data
 * event (OpenAI: the last JSON chunk before {@code [DONE]}, held back from the finish chunk on;
 * Anthropic: {@code message_stop}); the response head gets {@code AI-Disclosure} and a provisional
 * {@code AIGC} (empty ReservedCode1). Upstream events are never changed except the one that carries
 * the implicit label (and an OpenAI finish chunk that also carries text), so everything else goes
 * out byte for byte.
 *
 * <p>JSON answers are held until their end (they arrive at once): the label is prepended to the
 * first and appended to the last text, {@code aigc} is added at the top level, and the headers
 * carry the final {@code AIGC} and {@code AIGC-Receipt}.
 *
 * <p>Answers that finish with the protocol's content-filter reason are the policy's refusal, not
 * generated text: they get no label, unless generated text already went out in a stream before
 * the block (then that prefix stays, no suffix follows, and the receipt records what was sent).
 * Answers without any text or finish (no answer at all) pass untouched. Answers without text
 * (tool calls only) get the label in a text of their own.
 *
 * <p>One instance per answer, called sequentially; not thread-safe.
 */
final class LabelStage implements ResponseStage, ResponseHeadersContributor {

    /** Anthropic JSON: a text index past any content block, so the encoder appends a new text block. */
    private static final int NEW_JSON_BLOCK = Integer.MAX_VALUE;

    private final AnswerLabeling labeling;
    private final AnswerGrammar grammar;
    private final String refusalReason;
    private final String product;
    private final LabelOutcomes outcomes;
    private boolean streaming;

    private final List<ChatEvent> jsonEvents = new ArrayList<>();
    private boolean prefixTaken;
    private boolean answerStarted;
    private boolean blocked;
    private int labeledIndex = -1;
    private int openTextBlock = -1;
    private int maxBlockIndex = -1;
    private ChatEvent pendingStop;
    private ChatEvent heldAfterFinish;
    private boolean finishSeen;
    private LabeledAnswer done;
    private boolean closed;

    /**
     * @param labeling the answer's labeling, started for this answer
     * @param grammar the protocol's answer structure
     * @param refusalReason the protocol's content-filter finish reason
     * @param streaming whether the client asked for a stream (a stream is also recognized from the
     *     header hook)
     * @param product the product id, for the outcome report
     * @param outcomes where the outcome is reported once
     */
    LabelStage(AnswerLabeling labeling, AnswerGrammar grammar, String refusalReason, boolean streaming,
            String product, LabelOutcomes outcomes) {
        this.labeling = Objects.requireNonNull(labeling, "labeling");
        this.grammar = Objects.requireNonNull(grammar, "grammar");
        this.refusalReason = Objects.requireNonNull(refusalReason, "refusalReason");
        this.streaming = streaming;
        this.product = Objects.requireNonNull(product, "product");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    }

    @Override
    public void contributeHeaders(HttpHeaders headers, boolean streamingAnswer) {
        if (streamingAnswer) {
            streaming = true;
        }
        if (done != null && !streamingAnswer) {
            headers.set(DisclosureHeader.NAME, done.disclosureHeader());
            headers.set(AigcMetadata.HEADER, done.aigcJson());
            headers.set(Receipts.HEADER, done.receipt());
        } else if (streamingAnswer) {
            headers.set(DisclosureHeader.NAME, labeling.disclosureHeader());
            headers.set(AigcMetadata.HEADER, labeling.provisionalAigcJson());
        }
    }

    @Override
    public void onEvent(ChatEvent event, Consumer<ChatEvent> next) {
        if (closed) {
            next.accept(event);
        } else if (streaming) {
            onStreamEvent(event, next);
        } else {
            jsonEvents.add(event);
            if (event.end()) {
                closed = true;
                labelJson(next);
            }
        }
    }

    @Override
    public void onComplete(Consumer<ChatEvent> next) {
        if (closed) {
            return;
        }
        closed = true;
        if (!streaming) {
            labelJson(next);
            return;
        }
        // The stream was cut short: release what is held; the labels it lacks are not invented.
        releasePendingStop(next);
        if (heldAfterFinish != null) {
            next.accept(heldAfterFinish);
        }
        if (answerStarted && !blocked) {
            report(labeling.finish());
        }
    }

    // ---------------------------------------------------------------- streams

    private void onStreamEvent(ChatEvent event, Consumer<ChatEvent> next) {
        if (event.end()) {
            onStreamEnd(event, next);
            return;
        }
        if (event.hasFinish() && isLabeledIndex(event) && !finishSeen) {
            onFinish(event, next);
            return;
        }
        if (finishSeen && !grammar.endCarriesData()) {
            // Hold back one JSON event: the last one before the end carries the implicit label.
            if (event.payload() != null && event.payload().isObject()) {
                if (heldAfterFinish != null) {
                    next.accept(heldAfterFinish);
                }
                heldAfterFinish = event;
            } else {
                next.accept(event);
            }
            return;
        }
        if (pendingStop != null) {
            releasePendingStop(next);
        }
        if (grammar.opensBlock(event)) {
            maxBlockIndex = Math.max(maxBlockIndex, event.index());
            if (grammar.opensTextBlock(event)) {
                openTextBlock = event.index();
            }
            next.accept(event);
        } else if (grammar.closesBlock(event) && event.index() == openTextBlock && !blocked) {
            pendingStop = event;
        } else if (event.hasText() && isLabeledIndex(event)) {
            onText(event, next);
        } else {
            next.accept(event);
        }
    }

    private void onText(ChatEvent event, Consumer<ChatEvent> next) {
        answerStarted = true;
        if (labeledIndex < 0) {
            labeledIndex = event.index();
        }
        openTextBlock = event.index();
        maxBlockIndex = Math.max(maxBlockIndex, event.index());
        if (!prefixTaken && !event.text().isEmpty()) {
            prefixTaken = true;
            String prefix = labeling.takePrefix();
            if (!prefix.isEmpty()) {
                next.accept(ChatEvent.text(event.index(), prefix));
            }
            progressed();
        }
        labeling.delivered(event.text());
        next.accept(event);
    }

    private void onFinish(ChatEvent event, Consumer<ChatEvent> next) {
        finishSeen = true;
        blocked = refusalReason.equals(event.finishReason());
        ChatEvent finish = event;
        if (blocked) {
            releasePendingStop(next);
            if (!prefixTaken) {
                answerStarted = false;
            }
        } else {
            answerStarted = true;
            String prefix = prefixTaken ? "" : labeling.takePrefix();
            prefixTaken = true;
            if (event.hasText()) {
                // An OpenAI finish chunk with content of its own: the labels surround that content.
                labeling.delivered(event.text());
                String labeled = prefix + event.text() + labeling.takeSuffix();
                finish = labeled.equals(event.text()) ? event : event.withText(labeled);
                if (grammar.endCarriesData()) {
                    progressed(); // the finish goes out below; otherwise it is held, and the suffix with it
                }
            } else {
                String text = prefix + labeling.takeSuffix();
                if (!text.isEmpty()) {
                    insertText(text, next);
                }
                progressed();
            }
            releasePendingStop(next);
        }
        if (grammar.endCarriesData()) {
            next.accept(finish);
        } else {
            heldAfterFinish = finish;
        }
    }

    private void insertText(String text, Consumer<ChatEvent> next) {
        if (pendingStop != null) {
            next.accept(ChatEvent.text(pendingStop.index(), text));
            releasePendingStop(next);
        } else if (!grammar.allTextIsOneAnswer()) {
            next.accept(ChatEvent.text(Math.max(labeledIndex, 0), text));
        } else if (openTextBlock >= 0) {
            next.accept(ChatEvent.text(openTextBlock, text));
        } else {
            grammar.newText(maxBlockIndex + 1, text).forEach(next);
        }
    }

    private void onStreamEnd(ChatEvent end, Consumer<ChatEvent> next) {
        closed = true;
        if (!answerStarted) {
            releasePendingStop(next);
            if (heldAfterFinish != null) {
                next.accept(heldAfterFinish);
            }
            if (blocked) {
                outcomes.blocked(product);
            }
            next.accept(end);
            return;
        }
        if (!finishSeen) {
            // An answer that ends without a finish reason still gets its suffix.
            String suffix = labeling.takeSuffix();
            if (!suffix.isEmpty()) {
                insertText(suffix, next);
            }
        }
        releasePendingStop(next);
        done = labeling.finish();
        report(done);
        if (grammar.endCarriesData()) {
            next.accept(withImplicitLabel(end, true));
            return;
        }
        ChatEvent carrier = heldAfterFinish != null ? heldAfterFinish
                : new ChatEvent(null, null, Math.max(labeledIndex, 0), null, null, false, true, null, false);
        next.accept(withImplicitLabel(carrier, true));
        next.accept(end);
    }

    private void releasePendingStop(Consumer<ChatEvent> next) {
        if (pendingStop != null) {
            ChatEvent stop = pendingStop;
            pendingStop = null;
            openTextBlock = -1;
            next.accept(stop);
        }
    }

    private boolean isLabeledIndex(ChatEvent event) {
        return grammar.allTextIsOneAnswer() || labeledIndex < 0 || event.index() == labeledIndex;
    }

    // ---------------------------------------------------------------- JSON answers

    private void labelJson(Consumer<ChatEvent> next) {
        List<ChatEvent> events = jsonEvents;
        boolean anyText = events.stream().anyMatch(ChatEvent::hasText);
        boolean anyFinish = events.stream().anyMatch(ChatEvent::hasFinish);
        blocked = events.stream().anyMatch(e -> refusalReason.equals(e.finishReason()));
        if (blocked || !(anyText || anyFinish)) {
            events.forEach(next);
            if (blocked) {
                outcomes.blocked(product);
            }
            return;
        }
        List<Integer> labeled = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ChatEvent e = events.get(i);
            if (e.hasText() && (labeledIndex < 0 || grammar.allTextIsOneAnswer() || e.index() == labeledIndex)) {
                labeledIndex = labeledIndex < 0 ? e.index() : labeledIndex;
                labeled.add(i);
            }
        }
        List<ChatEvent> out = new ArrayList<>(events);
        if (labeled.isEmpty()) {
            int index = grammar.allTextIsOneAnswer() ? NEW_JSON_BLOCK : firstFinishIndex(events);
            out.add(out.size() - 1, ChatEvent.text(index, labeling.labelWhole("")));
        } else {
            String prefix = labeling.takePrefix();
            for (int k = 0; k < labeled.size(); k++) {
                int i = labeled.get(k);
                String text = events.get(i).text();
                labeling.delivered(text);
                String labeledText = (k == 0 ? prefix : "") + text
                        + (k == labeled.size() - 1 ? labeling.takeSuffix() : "");
                if (!labeledText.equals(text)) {
                    out.set(i, events.get(i).withText(labeledText));
                }
            }
        }
        done = labeling.finish();
        report(done);
        int last = out.size() - 1;
        out.set(last, withImplicitLabel(out.get(last), false));
        out.forEach(next);
    }

    private static int firstFinishIndex(List<ChatEvent> events) {
        return events.stream().filter(ChatEvent::hasFinish).mapToInt(ChatEvent::index).findFirst().orElse(0);
    }

    // ---------------------------------------------------------------- common

    private ChatEvent withImplicitLabel(ChatEvent event, boolean withReceipt) {
        ChatEvent labeled = event.withExtraField(AigcMetadata.JSON_FIELD, aigcNode(done.aigc()));
        return withReceipt ? labeled.withExtraField(Receipts.JSON_FIELD, StringNode.valueOf(done.receipt())) : labeled;
    }

    private static ObjectNode aigcNode(AigcMetadata aigc) {
        return Json.NODES.objectNode()
                .put("Label", aigc.label())
                .put("ContentProducer", aigc.contentProducer())
                .put("ProduceID", aigc.produceId())
                .put("ReservedCode1", aigc.reservedCode1())
                .put("ContentPropagator", aigc.contentPropagator())
                .put("PropagateID", aigc.propagateId())
                .put("ReservedCode2", aigc.reservedCode2());
    }

    /** Tells the outcomes what a stream cut short from here on would have received. */
    private void progressed() {
        if (streaming) {
            outcomes.progressed(labeling.produceId(), labeling.explicitLabelComplete());
        }
    }

    private void report(LabeledAnswer answer) {
        outcomes.generated(product, answer);
    }
}
