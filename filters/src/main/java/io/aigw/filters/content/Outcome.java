package io.aigw.filters.content;

/** Overall result of scanning a text, in increasing severity: the most severe action among its matches. */
public enum Outcome {
    /** No match. */
    ALLOW,
    /** Only {@link Action#FLAG} matches: pass unchanged, record. */
    FLAG,
    /** At least one {@link Action#MASK} match and no block: pass {@link Verdict#maskedText()}. */
    MASK,
    /** At least one {@link Action#BLOCK} match. */
    BLOCK;

    /** The more severe of this and {@code other}. */
    public Outcome max(Outcome other) {
        return other.compareTo(this) > 0 ? other : this;
    }
}
