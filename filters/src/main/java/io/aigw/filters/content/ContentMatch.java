package io.aigw.filters.content;

import java.util.Comparator;
import java.util.Objects;

/**
 * One match of the content policy: its category (a lexicon file name or a {@code pii-*} detector), the
 * UTF-16 range {@code [start, end)} in the original text (for a stream: from the stream's first char),
 * and the action configured for the category. Deliberately carries no matched text, so it can be logged.
 */
public record ContentMatch(String category, int start, int end, Action action) {

    /** Order of reports: by start, then end, then category. */
    static final Comparator<ContentMatch> ORDER = Comparator.comparingInt(ContentMatch::start)
            .thenComparingInt(ContentMatch::end).thenComparing(ContentMatch::category);

    /** @throws IllegalArgumentException for a blank category or an empty or negative range */
    public ContentMatch {
        Objects.requireNonNull(action, "action");
        if (category == null || category.isBlank()) {
            throw new IllegalArgumentException("blank category");
        }
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
        }
    }

    /** Length in UTF-16 chars. */
    public int length() {
        return end - start;
    }

    /** Whether this match's chars must not reach a reader unchanged (mask or block). */
    public boolean hidesText() {
        return action != Action.FLAG;
    }
}
