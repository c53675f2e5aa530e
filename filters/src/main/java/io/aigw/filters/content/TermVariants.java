package io.aigw.filters.content;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The spellings of a lexicon term that evaders use instead of the term itself, compiled into the automaton
 * next to it (so they cost nothing per scanned character):
 * <ul>
 *   <li><b>pinyin</b> of a Chinese term (every character Han, at least two): the full reading glued
 *       ({@code longmenma}; spaces between syllables are gap characters, so {@code long men ma} matches
 *       too, and tone marks fold away), with tone numbers ({@code long2men2ma3}), and mixed with the
 *       characters ({@code 龙men马}: every mix for terms of up to {@value #ALL_MIXES_UP_TO} characters,
 *       one character spelled out for longer ones). Polyphones give the full spellings of the first
 *       {@value #MAX_READING_COMBINATIONS} combinations of readings (the most common first); the mixed ones
 *       use the most common reading of each character only (they multiply the automaton's size).</li>
 *   <li><b>pinyin initials</b> ({@code lmm}) of a Chinese term of at least {@value #MIN_INITIALS_LENGTH}
 *       characters, for the categories that ask for them.</li>
 *   <li><b>ROT13</b> of a term with Latin letters.</li>
 *   <li><b>1 for l</b>: the term with its {@code l}s as {@code i}s (always: it completes the leetspeak fold).</li>
 * </ul>
 * Variants longer than {@link LexiconMatcher#MAX_TERM_LENGTH} are dropped. Stateless and thread-safe.
 */
final class TermVariants {

    static final int ALL_MIXES_UP_TO = 4;
    static final int MAX_READING_COMBINATIONS = 4;
    static final int MIN_INITIALS_LENGTH = 2;

    private TermVariants() {
    }

    /** The pinyin spellings of a normalized term (empty when it is not a Chinese term of two or more characters). */
    static Set<String> pinyin(int[] term) {
        List<List<String>> readings = readings(term);
        Set<String> variants = new LinkedHashSet<>();
        if (readings == null) {
            return variants;
        }
        int n = term.length;
        boolean first = true;
        for (List<String> combination : combinations(readings)) {
            StringBuilder glued = new StringBuilder();
            StringBuilder toned = new StringBuilder();
            for (String reading : combination) {
                String toneless = PinyinReadings.withoutTone(reading);
                glued.append(toneless);
                toned.append(reading.endsWith("5") ? toneless : reading);
            }
            variants.add(glued.toString());
            variants.add(toned.toString());
            if (glued.indexOf("v") >= 0) {
                variants.add(glued.toString().replace('v', 'u'));   // ü typed as u, or with a tone mark folded away
            }
            if (!first) {
                continue;   // mixed spellings for the most common readings only: they multiply the automaton
            }
            first = false;
            if (n <= ALL_MIXES_UP_TO) {
                for (int mask = 1; mask < (1 << n) - 1; mask++) {
                    variants.add(mix(term, combination, mask));
                }
            } else {
                for (int i = 0; i < n; i++) {
                    variants.add(mix(term, combination, 1 << i));
                }
            }
        }
        return variants;
    }

    /** The pinyin initials of a normalized Chinese term of at least {@value #MIN_INITIALS_LENGTH} characters, or null. */
    static String initials(int[] term) {
        List<List<String>> readings = readings(term);
        if (readings == null || term.length < MIN_INITIALS_LENGTH) {
            return null;
        }
        StringBuilder sb = new StringBuilder(term.length);
        readings.forEach(r -> sb.append(r.get(0).charAt(0)));
        return sb.toString();
    }

    /**
     * The term with every {@code l} read as {@code i}, or null when it has none: leetspeak writes both with
     * a 1, which folds to {@code i} ({@link TextNormalizer#leet}), so {@code p14n} needs the spelling {@code pian}.
     */
    static String leetL(int[] term) {
        String s = new String(term, 0, term.length);
        return s.indexOf('l') >= 0 ? s.replace('l', 'i') : null;
    }

    /** The ROT13 of a term with ASCII letters, or null when it has none. */
    static String rot13(int[] term) {
        StringBuilder sb = new StringBuilder(term.length);
        boolean changed = false;
        for (int cp : term) {
            if (cp >= 'a' && cp <= 'z') {
                sb.append((char) ('a' + (cp - 'a' + 13) % 26));
                changed = true;
            } else {
                sb.appendCodePoint(cp);
            }
        }
        return changed ? sb.toString() : null;
    }

    /** Per character its toned readings, or null when the term is shorter than 2 or has a character without one. */
    private static List<List<String>> readings(int[] term) {
        if (term.length < 2) {
            return null;
        }
        List<List<String>> readings = new ArrayList<>(term.length);
        for (int cp : term) {
            List<String> r = PinyinReadings.toned(cp);
            if (r.isEmpty()) {
                return null;
            }
            readings.add(r);
        }
        return readings;
    }

    /** The first {@value #MAX_READING_COMBINATIONS} combinations, in odometer order (the most common readings first). */
    private static List<List<String>> combinations(List<List<String>> readings) {
        List<List<String>> out = new ArrayList<>();
        int[] index = new int[readings.size()];
        while (out.size() < MAX_READING_COMBINATIONS) {
            List<String> combination = new ArrayList<>(index.length);
            for (int i = 0; i < index.length; i++) {
                combination.add(readings.get(i).get(index[i]));
            }
            out.add(combination);
            int i = index.length - 1;
            while (i >= 0 && ++index[i] == readings.get(i).size()) {
                index[i--] = 0;
            }
            if (i < 0) {
                break;
            }
        }
        return out;
    }

    /** The term with the characters of {@code mask} spelled in pinyin (toneless). */
    private static String mix(int[] term, List<String> combination, int mask) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < term.length; i++) {
            if ((mask & (1 << i)) != 0) {
                sb.append(PinyinReadings.withoutTone(combination.get(i)));
            } else {
                sb.appendCodePoint(term[i]);
            }
        }
        return sb.toString();
    }
}
