package io.aigw.filters.content;

import java.util.Objects;
import java.util.Set;

/**
 * Which evasion spellings a {@link LexiconMatcher} matches besides the folds every term gets (case, width,
 * diacritics, invisibles, gaps, traditional characters, look-alike letters, leetspeak digits).
 *
 * @param pinyin             pinyin of Chinese terms, full, glued, with tone numbers or mixed with characters
 *                           (see {@link TermVariants}); on by default
 * @param rot13              ROT13 of terms with Latin letters; on by default
 * @param pinyinInitials     categories whose Chinese terms also match their pinyin initials ({@code tfzf}); none
 *                           by default (short initials are common abbreviations: recall for false positives)
 * @param homophones         categories whose Chinese terms also match with characters swapped for ones of the
 *                           same reading and tone (推番政府 for 推翻政府); none by default, and each costs a
 *                           second automaton pass over the text
 */
public record Evasions(boolean pinyin, boolean rot13, Set<String> pinyinInitials, Set<String> homophones) {

    /** The defaults: pinyin and ROT13 on, no category with initials or homophones. */
    public static final Evasions DEFAULTS = new Evasions(true, true, Set.of(), Set.of());
    /** Only the folds: exact spellings of the terms. */
    public static final Evasions NONE = new Evasions(false, false, Set.of(), Set.of());

    public Evasions {
        pinyinInitials = Set.copyOf(Objects.requireNonNull(pinyinInitials, "pinyinInitials"));
        homophones = Set.copyOf(Objects.requireNonNull(homophones, "homophones"));
    }

    /** These evasions with {@code categories} matching pinyin initials. */
    public Evasions withPinyinInitials(Set<String> categories) {
        return new Evasions(pinyin, rot13, categories, homophones);
    }

    /** These evasions with {@code categories} matching homophones. */
    public Evasions withHomophones(Set<String> categories) {
        return new Evasions(pinyin, rot13, pinyinInitials, categories);
    }
}
