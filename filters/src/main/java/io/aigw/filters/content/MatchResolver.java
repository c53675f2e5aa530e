package io.aigw.filters.content;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns raw matches (category and allow) into decided {@link ContentMatch}es. A category match is decided
 * once no allow match overlapping it can still be found, i.e. once the scan's open start has reached its
 * end; it is then dropped if an allow match overlaps it. Decisions depend only on the set of raw matches,
 * never on how the text was split. Not thread-safe.
 */
final class MatchResolver {

    private final ContentPolicy policy;
    private record Raw(String category, int start, int end) {
    }

    /** Undecided category matches. */
    private final List<Raw> pending = new ArrayList<>();
    /** Allow ranges that may still overlap an undecided or future match. */
    private final List<int[]> allows = new ArrayList<>();
    private final List<ContentMatch> decided = new ArrayList<>();

    MatchResolver(ContentPolicy policy) {
        this.policy = policy;
    }

    void raw(String category, int start, int end) {
        if (LexiconMatcher.ALLOW.equals(category)) {
            allows.add(new int[] {start, end});
        } else {
            pending.add(new Raw(category, start, end));
        }
    }

    /**
     * Decides every pending match that ends at or before {@code open} (no match found later starts before
     * {@code open}) and appends it, unless suppressed, to {@link #decided()}.
     */
    void advance(int open) {
        if (pending.isEmpty()) {
            allows.removeIf(a -> a[1] <= open);
            return;
        }
        int keepFrom = open;
        List<Raw> stillPending = new ArrayList<>();
        for (Raw p : pending) {
            if (p.end() <= open) {
                if (!suppressed(p.start(), p.end())) {
                    decided.add(new ContentMatch(p.category(), p.start(), p.end(), policy.actionFor(p.category())));
                }
            } else {
                keepFrom = Math.min(keepFrom, p.start());
                stillPending.add(p);
            }
        }
        pending.clear();
        pending.addAll(stillPending);
        final int limit = keepFrom;
        allows.removeIf(a -> a[1] <= limit);
    }

    private boolean suppressed(int start, int end) {
        for (int[] a : allows) {
            if (a[0] < end && start < a[1]) {
                return true;
            }
        }
        return false;
    }

    /** Smallest start of an undecided match, {@link Integer#MAX_VALUE} when none. */
    int undecidedStart() {
        int min = Integer.MAX_VALUE;
        for (Raw p : pending) {
            min = Math.min(min, p.start());
        }
        return min;
    }

    /** Decided matches in decision order; the caller may remove the ones it has consumed. */
    List<ContentMatch> decided() {
        return decided;
    }
}
