package io.aigw.filters.label;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The labeling of one answer, from the first byte to the last.
 *
 * <p>Use, streaming:
 * <ol>
 *   <li>headers: {@link #disclosureHeader()} as {@code AI-Disclosure}, {@link #provisionalAigcJson()}
 *       as {@code AIGC} (its ReservedCode1 is empty: the receipt does not exist yet);</li>
 *   <li>first content delta: {@link #takePrefix()} (skip it when empty);</li>
 *   <li>every content text sent to the client: {@link #delivered(CharSequence)}, in order;</li>
 *   <li>before the finish chunk: {@link #takeSuffix()} (skip it when empty);</li>
 *   <li>{@link #finish()}: put {@link LabeledAnswer#aigcJson()} as {@code "aigc"} and
 *       {@link LabeledAnswer#receipt()} as {@code "aigc_receipt"} into the last data event.</li>
 * </ol>
 * Non-streaming: {@link #labelWhole(String)} then {@link #finish()}; the headers are
 * {@code AI-Disclosure}, {@code AIGC} = {@link LabeledAnswer#aigcJson()} and {@code AIGC-Receipt}.
 *
 * <p>The receipt hashes exactly what went through {@code takePrefix}, {@code delivered},
 * {@code takeSuffix} and {@code labelWhole}, in that order, hashed incrementally (the text is not
 * kept). Not thread-safe: one instance per answer, called sequentially (a Reactor pipeline's
 * serial signals are fine).
 */
public final class AnswerLabeling {

    private final AnswerSubject subject;
    private final ExplicitLabel label;
    private final String produceId;
    private final Instant startedAt;
    private final String provider;
    private final Supplier<SigningKeys> keys;
    private final Clock clock;
    private final DeliveredTextDigest digest = new DeliveredTextDigest();
    private boolean prefixTaken;
    private boolean suffixTaken;
    private boolean prefixDelivered;
    private boolean suffixDelivered;
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

    /**
     * The text to send before the content ({@code label + "\n\n"}), or {@code ""} when the label
     * goes only at the end; recorded as delivered.
     *
     * @throws IllegalStateException when called twice, after {@link #delivered} or after finish
     */
    public String takePrefix() {
        ensureOpen();
        if (prefixTaken || digest.length() > 0 || suffixTaken) {
            throw new IllegalStateException("the prefix goes first and once");
        }
        prefixTaken = true;
        String prefix = label.prefix();
        if (!prefix.isEmpty()) {
            digest.update(prefix);
            prefixDelivered = true;
        }
        return prefix;
    }

    /**
     * Records content text sent to the client, in delivery order.
     *
     * @throws IllegalStateException after {@link #takeSuffix()} or {@link #finish()}
     */
    public void delivered(CharSequence text) {
        ensureOpen();
        if (suffixTaken) {
            throw new IllegalStateException("content delivered after the suffix");
        }
        digest.update(text);
    }

    /**
     * The text to send after the content ({@code "\n\n" + label}), or {@code ""} when the label
     * goes only at the start; recorded as delivered.
     *
     * @throws IllegalStateException when called twice or after finish
     */
    public String takeSuffix() {
        ensureOpen();
        if (suffixTaken) {
            throw new IllegalStateException("the suffix goes once");
        }
        suffixTaken = true;
        String suffix = label.suffix();
        if (!suffix.isEmpty()) {
            digest.update(suffix);
            suffixDelivered = true;
        }
        return suffix;
    }

    /**
     * The labeled text of a non-streaming answer ({@code prefix + content + suffix}), recorded as
     * delivered.
     *
     * @throws IllegalStateException when anything was delivered before, or after finish
     */
    public String labelWhole(String content) {
        String prefix = takePrefix();
        delivered(content);
        return prefix + content + takeSuffix();
    }

    /**
     * Whether the explicit label has gone out in every configured position so far: the prefix when
     * the label goes first, the suffix when it goes last. Of an answer cut short this tells whether
     * what the client received was labeled.
     */
    public boolean explicitLabelComplete() {
        return (!label.position().hasPrefix() || prefixDelivered) && (!label.position().hasSuffix() || suffixDelivered);
    }

    /**
     * Ends the answer: hashes the delivered text, signs the receipt and builds the AIGC metadata
     * with the receipt digest as ReservedCode1. In memory only, does not block.
     *
     * @throws IllegalStateException when called twice
     */
    public LabeledAnswer finish() {
        ensureOpen();
        finished = true;
        String explicit = ReceiptClaims.explicitValue(prefixDelivered, suffixDelivered);
        ReceiptClaims claims = new ReceiptClaims(produceId, subject.product(), subject.model(),
                clock.instant().getEpochSecond(), digest.finish(), explicit, true);
        String receipt = keys.get().signer().sign(claims);
        AigcMetadata aigc = AigcMetadata.firstWrite(subject.producerCode(), produceId, Receipts.digest(receipt));
        return new LabeledAnswer(aigc, receipt, claims, disclosureHeader(), explicitLabelComplete());
    }

    private void ensureOpen() {
        if (finished) {
            throw new IllegalStateException("answer " + produceId + " is already finished");
        }
    }
}
