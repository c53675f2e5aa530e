package io.aigw.filters.content;

import java.util.Locale;

/** What the policy does with a match of a category. */
public enum Action {
    /** Allow the text and record the match. */
    FLAG,
    /** Replace every UTF-16 char of the match with {@code *} (same length) and record it. */
    MASK,
    /** Refuse the text (a prompt gets 400; a completion is cut before the term). */
    BLOCK;

    /**
     * Parses {@code block}, {@code mask} or {@code flag}, ignoring case and surrounding whitespace.
     *
     * @throws IllegalArgumentException naming the value when it is none of them (or null)
     */
    public static Action parse(String value) {
        if (value != null) {
            switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "block":
                    return BLOCK;
                case "mask":
                    return MASK;
                case "flag":
                    return FLAG;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("content action must be block, mask or flag: '" + value + "'");
    }

    /** The outcome of a text whose most severe match has this action. */
    public Outcome outcome() {
        return switch (this) {
            case FLAG -> Outcome.FLAG;
            case MASK -> Outcome.MASK;
            case BLOCK -> Outcome.BLOCK;
        };
    }
}
