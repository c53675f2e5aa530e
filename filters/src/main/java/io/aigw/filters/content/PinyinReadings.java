package io.aigw.filters.content;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sourceforge.pinyin4j.PinyinHelper;
import net.sourceforge.pinyin4j.format.HanyuPinyinCaseType;
import net.sourceforge.pinyin4j.format.HanyuPinyinOutputFormat;
import net.sourceforge.pinyin4j.format.HanyuPinyinToneType;
import net.sourceforge.pinyin4j.format.HanyuPinyinVCharType;
import net.sourceforge.pinyin4j.format.exception.BadHanyuPinyinOutputFormatCombination;

/**
 * Pinyin readings of Chinese characters, from pinyin4j's table (about 20,000 characters, polyphones
 * included). Readings are lower case with the tone as a trailing digit 1-5 (5: neutral) and ü written
 * {@code v}. Stateless and thread-safe.
 */
final class PinyinReadings {

    private static final HanyuPinyinOutputFormat TONE_NUMBERS = format();

    private PinyinReadings() {
    }

    /** Whether {@code cp} is a Han character (the only ones with readings). */
    static boolean isHan(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }

    /** The distinct readings of {@code cp} with tone numbers, the most common first; empty when none is known. */
    static List<String> toned(int cp) {
        if (cp >= 65536 || !isHan(cp)) {
            return List.of();
        }
        String[] readings;
        try {
            readings = PinyinHelper.toHanyuPinyinStringArray((char) cp, TONE_NUMBERS);
        } catch (BadHanyuPinyinOutputFormatCombination e) {
            throw new IllegalStateException(e);   // the format is fixed and valid
        }
        if (readings == null) {
            return List.of();
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String r : readings) {
            if (!r.isEmpty() && r.chars().allMatch(c -> c < 128)) {
                distinct.add(r);
            }
        }
        return List.copyOf(distinct);
    }

    /** The distinct readings of {@code cp} without tone, the most common first; empty when none is known. */
    static List<String> toneless(int cp) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String r : toned(cp)) {
            distinct.add(withoutTone(r));
        }
        return new ArrayList<>(distinct);
    }

    /** A reading without its tone digit. */
    static String withoutTone(String toned) {
        char last = toned.charAt(toned.length() - 1);
        return last >= '0' && last <= '9' ? toned.substring(0, toned.length() - 1) : toned;
    }

    private static HanyuPinyinOutputFormat format() {
        HanyuPinyinOutputFormat format = new HanyuPinyinOutputFormat();
        format.setToneType(HanyuPinyinToneType.WITH_TONE_NUMBER);
        format.setVCharType(HanyuPinyinVCharType.WITH_V);
        format.setCaseType(HanyuPinyinCaseType.LOWERCASE);
        return format;
    }
}
