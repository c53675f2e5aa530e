package io.aigw.filters.label;

import java.util.List;
import java.util.Objects;

/**
 * Everything a finished answer carries for its labels, and the flags the audit line and the
 * labeled/generated coverage count need. Immutable.
 *
 * <p>Coverage: an answer counts as generated when {@link Labeler#start} was called for it and as
 * labeled when {@link #fullyLabeled()} is true (explicit label delivered in every configured
 * position, implicit label attached, receipt signed).
 *
 * @param aigc the implicit label; its ReservedCode1 is the receipt digest
 * @param receipt the compact JWS receipt
 * @param claims what the receipt says (for the audit line: produce_id, content_sha256, label)
 * @param disclosureHeader the {@code AI-Disclosure} header value
 * @param explicitLabeled whether every choice that needed the explicit label got it in every configured
 *     position (choices exempt by shape or opt-out count as labeled)
 * @param explicitLabels per choice, in index order, which explicit label it got; copied
 * @param omissionBasis the user agreement reference of a product's opt-out when a choice's label was
 *     omitted for it, else {@code null}
 */
public record LabeledAnswer(AigcMetadata aigc, String receipt, ReceiptClaims claims, String disclosureHeader,
        boolean explicitLabeled, List<ExplicitLabelOutcome> explicitLabels, String omissionBasis) {

    /** @throws NullPointerException when a component is null */
    public LabeledAnswer {
        Objects.requireNonNull(aigc, "aigc");
        Objects.requireNonNull(receipt, "receipt");
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(disclosureHeader, "disclosureHeader");
        explicitLabels = List.copyOf(explicitLabels);
    }

    /** A one-choice answer whose explicit label went in, or not, as {@code explicitLabeled} says. */
    public LabeledAnswer(AigcMetadata aigc, String receipt, ReceiptClaims claims, String disclosureHeader,
            boolean explicitLabeled) {
        this(aigc, receipt, claims, disclosureHeader, explicitLabeled,
                List.of(explicitLabeled ? ExplicitLabelOutcome.IN_TEXT : ExplicitLabelOutcome.NONE), null);
    }

    /** Whether at least one choice needed an explicit label (was not exempt by shape or opt-out). */
    public boolean explicitLabelNeeded() {
        return explicitLabels.stream().anyMatch(o -> !o.exempt());
    }

    /** The ProduceID. */
    public String produceId() {
        return aigc.produceId();
    }

    /** The {@code AIGC} header value and the {@code "aigc"} JSON field, as JSON text. */
    public String aigcJson() {
        return aigc.toJson();
    }

    /** Always true for answers finished here: the AIGC metadata exists. */
    public boolean implicitLabeled() {
        return claims.implicitLabel();
    }

    /** Whether the answer carries every label: explicit in each configured position, implicit, receipt. */
    public boolean fullyLabeled() {
        return explicitLabeled && implicitLabeled() && !receipt.isEmpty();
    }
}
