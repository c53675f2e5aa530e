package io.aigw.filters.content;

import io.aigw.filters.content.MatcherProbe.Hit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Brute-force reference of {@link LexiconMatcher}: normalizes the text into a list of term characters,
 * then tries every term at every position, checking gaps, invisibles and word boundaries directly.
 */
final class NaiveMatcher {

    /** One normalized term character of the text. */
    private record Unit(int cp, int start, int end, int gapsBefore, int invisiblesBefore, boolean afterWord) {
    }

    private NaiveMatcher() {
    }

    /** {@link #find(Map, int, String, Evasions)} with {@link Evasions#DEFAULTS}. */
    static List<Hit> find(Map<String, List<String>> termsByCategory, int maxGap, String text) {
        return find(termsByCategory, maxGap, text, Evasions.DEFAULTS);
    }

    /**
     * The normalized spellings of {@code terms}: each term, and its pinyin and ROT13 variants as
     * {@link TermVariants} spells them (its spelling rules have unit tests of their own; the reference
     * checks that the automaton matches every spelling).
     */
    private static java.util.Set<String> spellingStrings(List<String> terms, Evasions evasions) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (String raw : terms) {
            int[] term = TextNormalizer.normalizeTerm(raw);
            out.add(new String(term, 0, term.length));
            List<String> variants = new ArrayList<>();
            if (evasions.pinyin()) {
                variants.addAll(TermVariants.pinyin(term));
            }
            if (evasions.rot13() && TermVariants.rot13(term) != null) {
                variants.add(TermVariants.rot13(term));
            }
            if (TermVariants.leetL(term) != null) {
                variants.add(TermVariants.leetL(term));
            }
            for (String v : variants) {
                int[] n = TextNormalizer.normalizeTerm(v);
                if (n.length > 0 && n.length <= LexiconMatcher.MAX_TERM_LENGTH) {
                    out.add(new String(n, 0, n.length));
                }
            }
        }
        return out;
    }

    private static List<int[]> spellings(List<String> terms, Evasions evasions) {
        return spellingStrings(terms, evasions).stream().map(s -> s.codePoints().toArray()).toList();
    }

    /** @param termsByCategory category (or "allow") to its raw terms */
    static List<Hit> find(Map<String, List<String>> termsByCategory, int maxGap, String text, Evasions evasions) {
        List<Unit> units = new ArrayList<>();
        // For each unit: what follows it up to the next visible code point, to decide the right boundary.
        List<Boolean> boundaryAfter = new ArrayList<>();
        int gaps = 0;
        int invisibles = 0;
        boolean afterWord = false;
        List<int[]> cps = new ArrayList<>();   // code point, start
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            cps.add(new int[] {cp, i});
            i += Character.charCount(cp);
        }
        List<Integer> unitCpIndex = new ArrayList<>();
        for (int k = 0; k < cps.size(); k++) {
            int cp = cps.get(k)[0];
            int start = cps.get(k)[1];
            int end = start + Character.charCount(cp);
            String folded = TextNormalizer.foldCodePoint(cp);
            if (folded == null) {
                invisibles++;
            } else if (folded.isEmpty()) {
                gaps++;
                afterWord = false;
            } else {
                for (int j = 0; j < folded.length(); ) {
                    int f = folded.codePointAt(j);
                    j += Character.charCount(f);
                    units.add(new Unit(f, start, end, gaps, invisibles, afterWord));
                    unitCpIndex.add(j < folded.length() ? -1 : k);
                    afterWord = TextNormalizer.isWordCodePoint(f);
                    gaps = 0;
                    invisibles = 0;
                }
            }
        }
        for (int u = 0; u < units.size(); u++) {
            int k = unitCpIndex.get(u);
            if (k < 0) {
                boundaryAfter.add(!TextNormalizer.isWordCodePoint(units.get(u + 1).cp()));
                continue;
            }
            boolean boundary = true;
            int inv = 0;
            for (int m = k + 1; m < cps.size(); m++) {
                int cp = cps.get(m)[0];
                String folded = TextNormalizer.foldCodePoint(cp);
                if (folded == null) {
                    if (++inv > TextNormalizer.MAX_INVISIBLE_RUN) {
                        break;
                    }
                    continue;
                }
                boundary = folded.isEmpty() || !TextNormalizer.isWordCodePoint(folded.codePointAt(0));
                break;
            }
            boundaryAfter.add(boundary);
        }

        List<Hit> hits = new ArrayList<>();
        termsByCategory.forEach((category, terms) -> {
            for (int[] term : spellings(terms, evasions)) {
                boolean left = TextNormalizer.isWordCodePoint(term[0]);
                boolean right = TextNormalizer.isWordCodePoint(term[term.length - 1]);
                for (int i = 0; i + term.length <= units.size(); i++) {
                    if (matchesAt(units, term, i, maxGap)
                            && !(left && units.get(i).afterWord())
                            && !(right && !boundaryAfter.get(i + term.length - 1))) {
                        hits.add(new Hit(category, units.get(i).start(), units.get(i + term.length - 1).end()));
                    }
                }
            }
        });
        hits.sort(Comparator.comparingInt(Hit::start).thenComparingInt(Hit::end).thenComparing(Hit::category));
        return hits.stream().distinct().toList();
    }

    private static boolean matchesAt(List<Unit> units, int[] term, int i, int maxGap) {
        for (int j = 0; j < term.length; j++) {
            Unit u = units.get(i + j);
            if (u.cp() != term[j]) {
                return false;
            }
            if (j > 0 && (u.gapsBefore() > maxGap || u.invisiblesBefore() > TextNormalizer.MAX_INVISIBLE_RUN)) {
                return false;
            }
        }
        return true;
    }
}
