package io.aigw.filters.label;

import java.util.Locale;

/** Where the explicit label goes in an answer's text (GB 45438-2025 §5: beginning, end, or both). */
public enum LabelPosition {
    /** Before the content: in a stream, the first content delta. The default. */
    PREFIX,
    /** After the content: in a stream, the last content delta before the finish chunk. */
    SUFFIX,
    /** Both before and after the content. */
    BOTH;

    /** Whether a label goes before the content. */
    public boolean hasPrefix() {
        return this != SUFFIX;
    }

    /** Whether a label goes after the content. */
    public boolean hasSuffix() {
        return this != PREFIX;
    }

    /** The configuration spelling: {@code prefix}, {@code suffix} or {@code both}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a configured position, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the value when it is not prefix, suffix or both
     * @throws NullPointerException when {@code value} is null
     */
    public static LabelPosition parse(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT);
        for (LabelPosition p : values()) {
            if (p.name().equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "aigw.label.position: '" + value + "' is not one of prefix, suffix, both");
    }
}
