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
 * @throws IllegalArgumentException if {@code position} is not one of the three, naming it
 */
public record LabelOverride(String locale, String position, String text) {

    private static final Set<String> POSITIONS = Set.of("prefix", "suffix", "both");

    public LabelOverride {
        String problem = position == null ? null : positionProblem(position);
        if (problem != null) {
            throw new IllegalArgumentException(problem + ": '" + position + "'");
        }
    }

    static String positionProblem(String position) {
        return POSITIONS.contains(position) ? null : "unknown label position (expected prefix, suffix or both)";
    }
}
