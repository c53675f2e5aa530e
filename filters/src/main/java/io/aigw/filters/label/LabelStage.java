package io.aigw.filters.label;

import io.aigw.filters.json.JsonMappers;
import io.aigw.filters.pipeline.HeaderSink;
import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.protocol.AnswerGrammar;
import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.TextKind;
import io.aigw.filters.protocol.ToolCallDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The {@code AiLabel} response stage of one answer: puts the explicit label into the text a person
 * reads, the implicit label ({@code aigc}) and the receipt into the answer, and sets the {@code AIGC},
 * {@code AIGC-Receipt} and {@code AI-Disclosure} headers.
 *
 * <p>Which text gets the explicit label, per choice (OpenAI {@code choices[i]}; all text blocks of an
 * Anthropic message are one choice):
 * <ul>
 *   <li>a choice with answer text (content, or OpenAI {@code refusal}): the label goes into that text,
 *       prefix before its first non-empty text, suffix before its finish ({@code in_text});</li>
 *   <li>a choice with tool calls and no answer text: nothing is inserted ({@code omitted:tool_call});</li>
 *   <li>every choice when the stage was made with an omission for the whole answer (a structured
 *       answer the request asked for, or a product whose user agreement opts out): nothing is
 *       inserted ({@code omitted:structured}, {@code omitted:opt_out});</li>
 *   <li>a choice with neither text nor tool calls (an empty answer): the label is its text, except
 *       when the model refused ({@code omitted:refusal}: the upstream's own content-filter reason,
 *       Anthropic {@code stop_reason: "refusal"}); a refusal with text is labeled like any text;</li>
 *   <li>reasoning text ({@code reasoning_content}, thinking blocks) is never labeled nor hashed.</li>
 * </ul>
 * Every answer that is not blocked gets the implicit label, {@code AI-Disclosure} and the receipt,
 * whose per-choice digests cover the text and tool calls as delivered.
 *
 * <p>Streams: the prefix is a new text event just before the choice's first non-empty text (of the
 * same kind: a refusal's label is refusal text); the suffix a new text event before the choice's
 * finish (OpenAI: before the chunk with {@code finish_reason}, or appended to that chunk's own text;
 * Anthropic: before the {@code content_block_stop} of the last text block, which is held back by one
 * event to learn whether it was the last, or in a new text block when none is open). The final
 * {@code aigc} and {@code aigc_receipt} go into the last data event (OpenAI: the last JSON chunk before
 * {@code [DONE]}: from the first finish on, one JSON event is held back; Anthropic:
 * {@code message_stop}); the response head gets {@code AI-Disclosure} and a provisional {@code AIGC}
 * (empty ReservedCode1). Upstream events are never changed except the one that carries the implicit
 * label (and an OpenAI finish chunk that also carries text), so everything else goes out byte for byte.
 *
 * <p>JSON answers are held until their end (they arrive at once): per choice the label is prepended
 * to the first and appended to the last answer text, {@code aigc} is added at the top level, and the
 * headers carry the final {@code AIGC} and {@code AIGC-Receipt}.
 *
 * <p>Answers the content policy blocked (a finish with the protocol's content-filter reason made by
 * the content scan stage, not decoded from the upstream) carry the policy's refusal, not generated
 * text: they get no label, unless generated text already went out in a stream before the block (then
 * that prefix stays, no suffix follows, and the receipt records what was sent).
 * Answers without any text, tool call or finish (no answer at all) pass untouched.
 *
 * <p>One instance per answer, called sequentially; not thread-safe.
 */
public final class LabelStage implements ResponseStage {

    /** Anthropic JSON: a text index past any content block, so the encoder appends a new text block. */
    private static final int NEW_JSON_BLOCK = Integer.MAX_VALUE;

    private final AnswerLabeling labeling;
    private final AnswerGrammar grammar;
    private final String refusalReason;
    private final String product;
    private final LabelOutcomes outcomes;
    private final ExplicitLabelOutcome answerOmission;
    private boolean streaming;
    private HeaderSink headers = HeaderSink.NONE;

    private final Map<Integer, ChoiceState> choices = new TreeMap<>();
    private final List<ChatEvent> jsonEvents = new ArrayList<>();
    private boolean answerStarted;
    private boolean blocked;
    private int openTextBlock = -1;
    private int maxBlockIndex = -1;
    private ChatEvent pendingStop;
    /** OpenAI streams: from the first finish on, the last JSON event is held back to carry the implicit label. */
    private boolean holdLast;
    private ChatEvent held;
    private LabeledAnswer done;
    private boolean closed;

    /** What the stage knows about one choice of the answer. */
    private static final class ChoiceState {
        boolean prefixTaken;
        boolean textSeen;
        boolean toolSeen;
        boolean finished;
        /** The choice's finish was the upstream's own refusal (content-filter reason). */
        boolean refused;
        TextKind kind = TextKind.CONTENT;
    }

    /**
     * @param labeling the answer's labeling, started for this answer
     * @param grammar the protocol's answer structure
     * @param refusalReason the protocol's content-filter finish reason
     * @param product the product id, for the outcome report
     * @param outcomes where the outcome is reported once
     * @param answerOmission why no explicit label goes into any choice of this answer
     *     ({@link ExplicitLabelOutcome#OMITTED_STRUCTURED} or {@link ExplicitLabelOutcome#OMITTED_OPT_OUT},
     *     whose basis the caller gave to {@link AnswerLabeling#omissionBasis}), or {@code null}
     * @throws IllegalArgumentException when {@code answerOmission} is not exempt
     */
    public LabelStage(AnswerLabeling labeling, AnswerGrammar grammar, String refusalReason, String product,
            LabelOutcomes outcomes, ExplicitLabelOutcome answerOmission) {
        this.labeling = Objects.requireNonNull(labeling, "labeling");
        this.grammar = Objects.requireNonNull(grammar, "grammar");
        this.refusalReason = Objects.requireNonNull(refusalReason, "refusalReason");
        this.product = Objects.requireNonNull(product, "product");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        if (answerOmission != null && !answerOmission.exempt()) {
            throw new IllegalArgumentException("not an omission: " + answerOmission);
        }
        this.answerOmission = answerOmission;
    }

    @Override
    public void onStart(boolean streaming, HeaderSink headers) {
        this.streaming = streaming;
        this.headers = Objects.requireNonNull(headers, "headers");
        if (streaming) {
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

    private int choiceOf(ChatEvent event) {
        return grammar.allTextIsOneAnswer() ? 0 : event.index();
    }

    private ChoiceState state(int choice) {
        return choices.computeIfAbsent(choice, c -> new ChoiceState());
    }

    // ---------------------------------------------------------------- streams

    private void onStreamEvent(ChatEvent event, Consumer<ChatEvent> next) {
        if (event.end()) {
            onStreamEnd(event, next);
            return;
        }
        if (event.hasFinish() && !state(choiceOf(event)).finished) {
            onFinish(event, next);
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
        }
        if (event.hasTools()) {
            onTools(event);
        }
        if (grammar.closesBlock(event) && event.index() == openTextBlock && !blocked) {
            pendingStop = event;
        } else if (event.hasAnswerText()) {
            onText(event, next);
        } else {
            emit(event, next);
        }
    }

    private void onTools(ChatEvent event) {
        int choice = choiceOf(event);
        state(choice).toolSeen = true;
        answerStarted = true;
        for (ToolCallDelta piece : event.tools()) {
            labeling.toolCall(choice, piece);
        }
    }

    private void onText(ChatEvent event, Consumer<ChatEvent> next) {
        int choice = choiceOf(event);
        ChoiceState state = state(choice);
        answerStarted = true;
        if (!state.textSeen && !event.text().isEmpty()) {
            state.kind = event.kind();
        }
        openTextBlock = grammar.allTextIsOneAnswer() ? event.index() : openTextBlock;
        maxBlockIndex = Math.max(maxBlockIndex, event.index());
        if (!state.prefixTaken && !event.text().isEmpty()) {
            state.textSeen = true;
            state.prefixTaken = true;
            if (answerOmission == null) {
                String prefix = labeling.takePrefix(choice);
                if (!prefix.isEmpty()) {
                    emit(ChatEvent.text(event.index(), event.kind(), prefix), next);
                }
            } else {
                labeling.omit(choice, answerOmission);
            }
            progressed();
        }
        labeling.delivered(choice, event.text());
        emit(event, next);
    }

    private void onFinish(ChatEvent event, Consumer<ChatEvent> next) {
        int choice = choiceOf(event);
        ChoiceState state = state(choice);
        state.finished = true;
        ChatEvent finish = event;
        state.refused = refusalReason.equals(event.finishReason());
        if (blockedByPolicy(event)) {
            blocked = true;
            releasePendingStop(next);
            if (choices.values().stream().noneMatch(c -> c.prefixTaken || c.toolSeen)) {
                answerStarted = false;
            }
        } else {
            answerStarted = true;
            if (event.hasAnswerText() && (state.textSeen || !event.text().isEmpty())) {
                // An OpenAI finish chunk with text of its own: the labels surround that text.
                state.kind = state.textSeen ? state.kind : event.kind();
                state.textSeen = true;
                finish = labelFinishText(choice, state, event);
            } else {
                String text = closingLabel(choice, state);
                if (!text.isEmpty()) {
                    insertText(choice, state, text, next);
                }
            }
            progressed();
            releasePendingStop(next);
        }
        if (!grammar.endCarriesData()) {
            holdLast = true;
        }
        emit(finish, next);
    }

    /** The finish event with text: prefix (when none went out yet) + its text + suffix, as the choice needs. */
    private ChatEvent labelFinishText(int choice, ChoiceState state, ChatEvent event) {
        if (answerOmission != null) {
            labeling.delivered(choice, event.text());
            labeling.omit(choice, answerOmission);
            return event;
        }
        String prefix = state.prefixTaken ? "" : labeling.takePrefix(choice);
        state.prefixTaken = true;
        labeling.delivered(choice, event.text());
        String labeled = prefix + event.text() + labeling.takeSuffix(choice);
        return labeled.equals(event.text()) ? event : event.withText(labeled);
    }

    /**
     * What goes into a finishing choice's text (the suffix, and the prefix too for an empty answer),
     * or {@code ""}; records an omitted label instead for a tool call or an exempt answer.
     */
    private String closingLabel(int choice, ChoiceState state) {
        if (answerOmission != null) {
            labeling.omit(choice, answerOmission);
            return "";
        }
        if (!state.textSeen && state.toolSeen) {
            labeling.omit(choice, ExplicitLabelOutcome.OMITTED_TOOL_CALL);
            return "";
        }
        if (!state.textSeen && state.refused) {
            labeling.omit(choice, ExplicitLabelOutcome.OMITTED_REFUSAL);
            return "";
        }
        String prefix = state.prefixTaken ? "" : labeling.takePrefix(choice);
        state.prefixTaken = true;
        return prefix + labeling.takeSuffix(choice);
    }

    /**
     * Of an answer the content policy cut short (a block), records why its choices got
     * no explicit label where their shape exempts them: the answer's omission, or a pure tool call (also
     * the one the block ended). Text choices keep the outcome of what they received. Idempotent for
     * choices whose normal finish recorded the same already.
     */
    private void recordShapeOmissionsOfACutAnswer() {
        choices.forEach((choice, state) -> {
            if (answerOmission != null && (state.textSeen || state.toolSeen)) {
                labeling.omit(choice, answerOmission);
            } else if (answerOmission == null && !state.textSeen && state.toolSeen) {
                labeling.omit(choice, ExplicitLabelOutcome.OMITTED_TOOL_CALL);
            }
        });
    }

    private void insertText(int choice, ChoiceState state, String text, Consumer<ChatEvent> next) {
        if (!grammar.allTextIsOneAnswer()) {
            emit(ChatEvent.text(choice, state.kind, text), next);
        } else if (pendingStop != null) {
            emit(ChatEvent.text(pendingStop.index(), text), next);
            releasePendingStop(next);
        } else if (openTextBlock >= 0) {
            emit(ChatEvent.text(openTextBlock, text), next);
        } else {
            grammar.newText(maxBlockIndex + 1, text).forEach(e -> emit(e, next));
        }
    }

    private void onStreamEnd(ChatEvent end, Consumer<ChatEvent> next) {
        closed = true;
        if (!answerStarted) {
            releasePendingStop(next);
            releaseHeld(next);
            if (blocked) {
                outcomes.blocked(product);
            }
            next.accept(end);
            return;
        }
        if (!blocked) {
            // A choice that ends without a finish reason still gets its closing label.
            choices.forEach((choice, state) -> {
                if (!state.finished) {
                    state.finished = true;
                    String text = closingLabel(choice, state);
                    if (!text.isEmpty()) {
                        insertText(choice, state, text, next);
                    }
                }
            });
        } else {
            recordShapeOmissionsOfACutAnswer();
        }
        releasePendingStop(next);
        done = labeling.finish();
        report(done);
        if (grammar.endCarriesData()) {
            releaseHeld(next);
            next.accept(withImplicitLabel(end, true));
            return;
        }
        ChatEvent carrier = held != null ? held
                : new ChatEvent(null, null, choices.isEmpty() ? 0 : choices.keySet().iterator().next(),
                        null, null, false, true, null, false);
        held = null;
        next.accept(withImplicitLabel(carrier, true));
        next.accept(end);
    }

    /** Passes an event on, or, once holding, holds the last JSON data event back one step. */
    private void emit(ChatEvent event, Consumer<ChatEvent> next) {
        if (!holdLast || !isDataEvent(event)) {
            next.accept(event);
            return;
        }
        releaseHeld(next);
        held = event;
    }

    /** Whether the event is encoded as a JSON data event (made by a stage, or an upstream event with data). */
    private static boolean isDataEvent(ChatEvent event) {
        return !event.end() && (event.source() == null || event.source().hasData());
    }

    private void releaseHeld(Consumer<ChatEvent> next) {
        if (held != null) {
            ChatEvent e = held;
            held = null;
            next.accept(e);
        }
    }

    private void releasePendingStop(Consumer<ChatEvent> next) {
        if (pendingStop != null) {
            ChatEvent stop = pendingStop;
            pendingStop = null;
            openTextBlock = -1;
            emit(stop, next);
        }
    }

    // ---------------------------------------------------------------- JSON answers

    private void labelJson(Consumer<ChatEvent> next) {
        List<ChatEvent> events = jsonEvents;
        boolean anyAnswer = events.stream().anyMatch(e -> e.hasAnswerText() || e.hasFinish() || e.hasTools());
        blocked = events.stream().anyMatch(this::blockedByPolicy);
        if (blocked || !anyAnswer) {
            events.forEach(next);
            if (blocked) {
                outcomes.blocked(product);
            }
            return;
        }
        List<ChatEvent> out = new ArrayList<>(events);
        Map<Integer, List<Integer>> textsByChoice = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            ChatEvent e = events.get(i);
            int choice = choiceOf(e);
            if (e.hasFinish()) {
                state(choice).refused = refusalReason.equals(e.finishReason());
            }
            if (e.hasAnswerText()) {
                textsByChoice.computeIfAbsent(choice, c -> new ArrayList<>()).add(i);
                state(choice).textSeen |= !e.text().isEmpty();
            } else if (e.hasTools()) {
                state(choice).toolSeen = true;
                e.tools().forEach(t -> labeling.toolCall(choice, t));
            } else if (e.hasFinish()) {
                state(choice);
            }
        }
        for (Map.Entry<Integer, ChoiceState> entry : choices.entrySet()) {
            int choice = entry.getKey();
            List<Integer> texts = textsByChoice.getOrDefault(choice, List.of());
            labelJsonChoice(choice, entry.getValue(), texts, events, out);
        }
        done = labeling.finish();
        report(done);
        headers.set(DisclosureHeader.NAME, done.disclosureHeader());
        headers.set(AigcMetadata.HEADER, done.aigcJson());
        headers.set(Receipts.HEADER, done.receipt());
        int last = out.size() - 1;
        out.set(last, withImplicitLabel(out.get(last), false));
        out.forEach(next);
    }

    private void labelJsonChoice(int choice, ChoiceState state, List<Integer> texts, List<ChatEvent> events,
            List<ChatEvent> out) {
        if (answerOmission != null || (!state.textSeen && state.toolSeen)) {
            texts.forEach(i -> labeling.delivered(choice, events.get(i).text()));
            labeling.omit(choice, answerOmission != null ? answerOmission : ExplicitLabelOutcome.OMITTED_TOOL_CALL);
            return;
        }
        if (!state.textSeen && state.refused) {
            texts.forEach(i -> labeling.delivered(choice, events.get(i).text()));
            labeling.omit(choice, ExplicitLabelOutcome.OMITTED_REFUSAL);
            return;
        }
        if (texts.isEmpty()) {
            // An empty answer: the label is its text.
            int index = grammar.allTextIsOneAnswer() ? NEW_JSON_BLOCK : choice;
            out.add(out.size() - 1, ChatEvent.text(index, labeling.labelWhole(choice, "")));
            return;
        }
        String prefix = labeling.takePrefix(choice);
        for (int k = 0; k < texts.size(); k++) {
            int i = texts.get(k);
            String text = events.get(i).text();
            labeling.delivered(choice, text);
            String labeledText = (k == 0 ? prefix : "") + text + (k == texts.size() - 1 ? labeling.takeSuffix(choice) : "");
            if (!labeledText.equals(text)) {
                out.set(i, events.get(i).withText(labeledText));
            }
        }
    }

    // ---------------------------------------------------------------- common

    /**
     * Whether {@code event} is the content policy's block: a finish with the content-filter reason that
     * a stage made. The same reason decoded from the upstream is the model's own refusal, whose text a
     * person reads like any answer.
     */
    private boolean blockedByPolicy(ChatEvent event) {
        return refusalReason.equals(event.finishReason()) && event.source() == null && event.changed();
    }

    private ChatEvent withImplicitLabel(ChatEvent event, boolean withReceipt) {
        ChatEvent labeled = event.withExtraField(AigcMetadata.JSON_FIELD, aigcNode(done.aigc()));
        return withReceipt ? labeled.withExtraField(Receipts.JSON_FIELD, StringNode.valueOf(done.receipt())) : labeled;
    }

    private static ObjectNode aigcNode(AigcMetadata aigc) {
        return JsonMappers.json().createObjectNode()
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
