package io.aigw.filters.label;

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
 * @param explicitLabeled whether the explicit label went out in every configured position
 */
public record LabeledAnswer(AigcMetadata aigc, String receipt, ReceiptClaims claims, String disclosureHeader,
        boolean explicitLabeled) {

    /** @throws NullPointerException when a component is null */
    public LabeledAnswer {
        Objects.requireNonNull(aigc, "aigc");
        Objects.requireNonNull(receipt, "receipt");
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(disclosureHeader, "disclosureHeader");
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
