package io.aigw.filters.content;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Test helper: runs a {@link LexiconMatcher} over a text in one piece and lists its raw matches. */
final class MatcherProbe {

    /** A raw match: category (allow included) and original range. */
    record Hit(String category, int start, int end) {
        @Override
        public String toString() {
            return category + "[" + start + "," + end + ")";
        }
    }

    private MatcherProbe() {
    }

    static List<Hit> find(LexiconMatcher matcher, String text) {
        List<Hit> hits = new ArrayList<>();
        LexiconMatcher.Cursor cursor = matcher.cursor((term, start, end) -> {
            for (int c : matcher.termCategories(term)) {
                hits.add(new Hit(matcher.category(c), start, end));
            }
        });
        cursor.feed(text);
        cursor.finish();
        hits.sort(Comparator.comparingInt(Hit::start).thenComparingInt(Hit::end).thenComparing(Hit::category));
        return hits.stream().distinct().toList();
    }

    /** The matched substrings of {@code text}, in order. */
    static List<String> matchedText(LexiconMatcher matcher, String text) {
        return find(matcher, text).stream().map(h -> text.substring(h.start(), h.end())).toList();
    }
}
