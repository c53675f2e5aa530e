package io.aigw.filters.label;

import io.aigw.filters.protocol.ToolCallDelta;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The labeling of one answer, from the first byte to the last, choice by choice (OpenAI
 * {@code choices[i]}; an Anthropic message is choice 0).
 *
 * <p>Use, streaming, per choice {@code c}:
 * <ol>
 *   <li>headers: {@link #disclosureHeader()} as {@code AI-Disclosure}, {@link #provisionalAigcJson()}
 *       as {@code AIGC} (its ReservedCode1 is empty: the receipt does not exist yet);</li>
 *   <li>first text delta of the choice: {@link #takePrefix(int)} (skip it when empty);</li>
 *   <li>every text of the choice sent to the client: {@link #delivered(int, CharSequence)}, in order;
 *       every tool call piece: {@link #toolCall(int, ToolCallDelta)};</li>
 *   <li>before the choice's finish: {@link #takeSuffix(int)} (skip it when empty); a choice that gets
 *       no explicit label: {@link #omit(int, ExplicitLabelOutcome)} with the reason;</li>
 *   <li>{@link #finish()}: put {@link LabeledAnswer#aigcJson()} as {@code "aigc"} and
 *       {@link LabeledAnswer#receipt()} as {@code "aigc_receipt"} into the last data event.</li>
 * </ol>
 * Non-streaming: the same calls per choice, or {@link #labelWhole(int, String)}, then {@link #finish()};
 * the headers are {@code AI-Disclosure}, {@code AIGC} = {@link LabeledAnswer#aigcJson()} and
 * {@code AIGC-Receipt}. The methods without a choice index act on choice 0.
 *
 * <p>The receipt hashes, per choice, exactly what went through {@code takePrefix}, {@code delivered},
 * {@code takeSuffix} and {@code labelWhole}, in that order, and per tool call its arguments; hashed
 * incrementally (the text is not kept). Not thread-safe: one instance per answer, called
 * sequentially (a Reactor pipeline's serial signals are fine).
 */
public final class AnswerLabeling {

    private final AnswerSubject subject;
    private final ExplicitLabel label;
    private final String produceId;
    private final Instant startedAt;
    private final String provider;
    private final Supplier<SigningKeys> keys;
    private final Clock clock;
    private final Map<Integer, Choice> choices = new TreeMap<>();
    private String omissionBasis;
    private boolean finished;

    AnswerLabeling(AnswerSubject subject, ExplicitLabel label, String produceId, Instant startedAt, String provider,
            Supplier<SigningKeys> keys, Clock clock) {
        this.subject = Objects.requireNonNull(subject, "subject");
        this.label = Objects.requireNonNull(label, "label");
        this.produceId = produceId;
        this.startedAt = startedAt;
        this.provider = provider;
        this.keys = keys;
        this.clock = clock;
    }

    /** The labeling state of one choice. */
    private final class Choice {
        final DeliveredTextDigest digest = new DeliveredTextDigest();
        final Map<Integer, ToolCall> tools = new TreeMap<>();
        boolean prefixTaken;
        boolean suffixTaken;
        boolean prefixDelivered;
        boolean suffixDelivered;
        ExplicitLabelOutcome omitted;

        boolean complete() {
            return (!label.position().hasPrefix() || prefixDelivered) && (!label.position().hasSuffix() || suffixDelivered);
        }

        ExplicitLabelOutcome outcome() {
            return omitted != null ? omitted : complete() ? ExplicitLabelOutcome.IN_TEXT : ExplicitLabelOutcome.NONE;
        }
    }

    /** One tool call's name and the digest of its arguments as delivered. */
    private static final class ToolCall {
        String name;
        final DeliveredTextDigest arguments = new DeliveredTextDigest();
    }

    private Choice choice(int index) {
        ensureOpen();
        return choices.computeIfAbsent(index, i -> new Choice());
    }

    /** This answer's ProduceID. */
    public String produceId() {
        return produceId;
    }

    /** The explicit label in force for this answer. */
    public ExplicitLabel label() {
        return label;
    }

    /** The {@code AI-Disclosure} header value, dated when the answer started. */
    public String disclosureHeader() {
        return new DisclosureHeader(subject.model(), provider, startedAt).value();
    }

    /** The {@code AIGC} header value for a stream's response head: ReservedCode1 is empty. */
    public String provisionalAigcJson() {
        return AigcMetadata.firstWrite(subject.producerCode(), produceId, "").toJson();
    }

    /** {@link #takePrefix(int)} of choice 0. */
    public String takePrefix() {
        return takePrefix(0);
    }

    /**
     * The text to send before the choice's content ({@code label + "\n\n"}), or {@code ""} when the
     * label goes only at the end; recorded as delivered.
     *
     * @throws IllegalStateException when called twice for the choice, after its text, or after finish
     */
    public String takePrefix(int index) {
        Choice c = choice(index);
        if (c.prefixTaken || c.digest.length() > 0 || c.suffixTaken) {
            throw new IllegalStateException("the prefix goes first and once");
        }
        c.prefixTaken = true;
        String prefix = label.prefix();
        if (!prefix.isEmpty()) {
            c.digest.update(prefix);
            c.prefixDelivered = true;
        }
        return prefix;
    }

    /** {@link #delivered(int, CharSequence)} of choice 0. */
    public void delivered(CharSequence text) {
        delivered(0, text);
    }

    /**
     * Records text of the choice sent to the client, in delivery order.
     *
     * @throws IllegalStateException after the choice's suffix, or after {@link #finish()}
     */
    public void delivered(int index, CharSequence text) {
        Choice c = choice(index);
        if (c.suffixTaken) {
            throw new IllegalStateException("content delivered after the suffix");
        }
        c.digest.update(text);
    }

    /**
     * Records a tool call piece of the choice as sent to the client: its name (the first one given
     * counts) and its arguments text, in delivery order.
     *
     * @throws IllegalStateException after {@link #finish()}
     */
    public void toolCall(int index, ToolCallDelta piece) {
        ToolCall call = choice(index).tools.computeIfAbsent(piece.position(), p -> new ToolCall());
        if (call.name == null && piece.name() != null) {
            call.name = piece.name();
        }
        if (piece.arguments() != null) {
            call.arguments.update(piece.arguments());
        }
    }

    /** {@link #takeSuffix(int)} of choice 0. */
    public String takeSuffix() {
        return takeSuffix(0);
    }

    /**
     * The text to send after the choice's content ({@code "\n\n" + label}), or {@code ""} when the
     * label goes only at the start; recorded as delivered.
     *
     * @throws IllegalStateException when called twice for the choice or after finish
     */
    public String takeSuffix(int index) {
        Choice c = choice(index);
        if (c.suffixTaken) {
            throw new IllegalStateException("the suffix goes once");
        }
        c.suffixTaken = true;
        String suffix = label.suffix();
        if (!suffix.isEmpty()) {
            c.digest.update(suffix);
            c.suffixDelivered = true;
        }
        return suffix;
    }

    /** {@link #labelWhole(int, String)} of choice 0. */
    public String labelWhole(String content) {
        return labelWhole(0, content);
    }

    /**
     * The labeled text of a non-streaming choice ({@code prefix + content + suffix}), recorded as
     * delivered.
     *
     * @throws IllegalStateException when anything was delivered for the choice before, or after finish
     */
    public String labelWhole(int index, String content) {
        String prefix = takePrefix(index);
        delivered(index, content);
        return prefix + content + takeSuffix(index);
    }

    /**
     * Records that the choice gets no explicit label, and why.
     *
     * @param reason an exempt outcome ({@link ExplicitLabelOutcome#exempt()})
     * @throws IllegalArgumentException when {@code reason} is not exempt
     */
    public void omit(int index, ExplicitLabelOutcome reason) {
        if (!reason.exempt()) {
            throw new IllegalArgumentException("not a reason to omit the explicit label: " + reason);
        }
        choice(index).omitted = reason;
    }

    /**
     * The basis of the omissions, recorded in the audit line: the product's user agreement
     * reference for {@link ExplicitLabelOutcome#OMITTED_OPT_OUT}.
     */
    public void omissionBasis(String basis) {
        ensureOpen();
        this.omissionBasis = basis;
    }

    /**
     * Whether the explicit label has gone out so far in every configured position of every choice
     * that needs one (the prefix when the label goes first, the suffix when it goes last); choices
     * exempt by {@link #omit} count as labeled. Of an answer cut short this tells whether what the
     * client received was labeled.
     */
    public boolean explicitLabelComplete() {
        for (Choice c : choices.values()) {
            if (c.omitted == null && !c.complete()) {
                return false;
            }
        }
        return !choices.isEmpty();
    }

    /**
     * Ends the answer: hashes the delivered text per choice, signs the receipt and builds the AIGC
     * metadata with the receipt digest as ReservedCode1. An answer with no choice recorded is one
     * empty choice 0. In memory only, does not block.
     *
     * @throws IllegalStateException when called twice
     */
    public LabeledAnswer finish() {
        if (choices.isEmpty()) {
            choice(0);
        }
        ensureOpen();
        finished = true;
        List<ChoiceClaims> claimed = new ArrayList<>(choices.size());
        List<ExplicitLabelOutcome> outcomes = new ArrayList<>(choices.size());
        choices.forEach((index, c) -> {
            List<ChoiceClaims.ToolCallClaims> calls = new ArrayList<>(c.tools.size());
            c.tools.values().forEach(t -> calls.add(new ChoiceClaims.ToolCallClaims(t.name, t.arguments.finish())));
            ExplicitLabelOutcome outcome = c.outcome();
            outcomes.add(outcome);
            claimed.add(new ChoiceClaims(index, c.digest.finish(),
                    ReceiptClaims.explicitValue(c.prefixDelivered, c.suffixDelivered),
                    outcome.exempt() ? outcome.wire().substring("omitted:".length()) : null, calls));
        });
        ChoiceClaims first = claimed.get(0);
        ReceiptClaims claims = new ReceiptClaims(produceId, subject.product(), subject.model(),
                clock.instant().getEpochSecond(), first.contentSha256(), first.explicitLabel(), true, claimed);
        String receipt = keys.get().signer().sign(claims);
        AigcMetadata aigc = AigcMetadata.firstWrite(subject.producerCode(), produceId, Receipts.digest(receipt));
        boolean explicitDone = outcomes.stream().noneMatch(o -> o == ExplicitLabelOutcome.NONE);
        return new LabeledAnswer(aigc, receipt, claims, disclosureHeader(), explicitDone, outcomes,
                outcomes.contains(ExplicitLabelOutcome.OMITTED_OPT_OUT) ? omissionBasis : null);
    }

    private void ensureOpen() {
        if (finished) {
            throw new IllegalStateException("answer " + produceId + " is already finished");
        }
    }
}
