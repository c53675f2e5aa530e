package io.aigw.filters.license;

import java.util.Set;

/**
 * Per-product overrides of the global {@code aigw.label} settings; each null component means
 * "use the global setting". Only the position is checked here; the label module checks the locale
 * and that the text is a compliant GB 45438 wording.
 *
 * @param locale   e.g. {@code zh-CN}, {@code en}
 * @param position {@code prefix}, {@code suffix} or {@code both}
 * @param text     the explicit label text
 * @param explicitOptOut the reference of the product's user agreement that moves the explicit
 *     labeling duty to the user (labeling Measures Art. 9), e.g. {@code "UA v3 §7.2"}; when set, no
 *     explicit label is inserted into this product's answers and each audit line records this basis;
 *     {@code null}: no opt-out
 * @throws IllegalArgumentException if {@code position} is not one of the three, naming it, or
 *     {@code explicitOptOut} is blank
 */
public record LabelOverride(String locale, String position, String text, String explicitOptOut) {

    private static final Set<String> POSITIONS = Set.of("prefix", "suffix", "both");

    public LabelOverride {
        String problem = position == null ? null : positionProblem(position);
        if (problem != null) {
            throw new IllegalArgumentException(problem + ": '" + position + "'");
        }
        if (explicitOptOut != null && explicitOptOut.isBlank()) {
            throw new IllegalArgumentException("label explicit-opt-out must name the user agreement clause");
        }
    }

    /** Overrides without an opt-out. */
    public LabelOverride(String locale, String position, String text) {
        this(locale, position, text, null);
    }

    static String positionProblem(String position) {
        return POSITIONS.contains(position) ? null : "unknown label position (expected prefix, suffix or both)";
    }
}
