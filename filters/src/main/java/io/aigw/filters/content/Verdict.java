package io.aigw.filters.content;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The decision of a {@link ContentPolicy} over one whole text.
 *
 * @param outcome    the most severe action among the matches ({@link Outcome#ALLOW} when none)
 * @param matches    every match, in text order (by start, end, category), allow-suppressed ones excluded
 * @param maskedText the text with every char of a {@link Action#MASK} or {@link Action#BLOCK} match
 *                   replaced by {@code *} (same length); the original text when there is none
 */
public record Verdict(Outcome outcome, List<ContentMatch> matches, String maskedText) {

    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(maskedText, "maskedText");
        matches = List.copyOf(matches);
    }

    /** Whether the text must be refused. */
    public boolean blocked() {
        return outcome == Outcome.BLOCK;
    }

    /** The first (by position) match whose action is block, if any. */
    public Optional<ContentMatch> firstBlock() {
        return matches.stream().filter(m -> m.action() == Action.BLOCK).findFirst();
    }
}
