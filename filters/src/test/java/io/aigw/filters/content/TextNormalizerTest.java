package io.aigw.filters.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    private static String norm(String s) {
        int[] cps = TextNormalizer.normalizeTerm(s);
        return new String(cps, 0, cps.length);
    }

    @Test
    void foldsCase() {
        assertThat(norm("HeLLo")).isEqualTo("hello");
        assertThat(norm("ΣΊΣΥΦΟΣ")).isEqualTo(norm("σίσυφος"));
    }

    @Test
    void foldsFullWidthCircledAndMathematicalForms() {
        assertThat(norm("ＦＲＥＥ")).isEqualTo("free");
        assertThat(norm("ⓕⓡⓔⓔ")).isEqualTo("free");
        assertThat(norm("𝐟𝐫𝐞𝐞")).isEqualTo("free");
        assertThat(norm("𝔣𝔯𝔢𝔢")).isEqualTo("free");
        assertThat(norm("ﬁ")).isEqualTo("fi");
        assertThat(norm("⑩")).as("10, its 1 folded as leetspeak for i").isEqualTo("io");
        assertThat(norm("⑴")).as("leetspeak 1").isEqualTo("i");
        assertThat(norm("１２３")).as("full-width digits, then leetspeak").isEqualTo("i2e");
        assertThat(norm("s3cr3t pl4n 0751")).as("leetspeak digits 0 1 3 4 5 7").isEqualTo("secretplanotsi");
    }

    @Test
    void dropsDiacriticsAndCombiningMarks() {
        assertThat(norm("café")).isEqualTo("cafe");
        assertThat(norm("cafe\u0301")).isEqualTo("cafe");
        assertThat(norm("Ñandú")).isEqualTo("nandu");
        assertThat(norm("z\u0336a\u0336")).isEqualTo("za");
    }

    @Test
    void keepsHangulAndKanaVoicing() {
        assertThat(norm("한국")).isEqualTo("한국");
        assertThat(norm("ガ")).isNotEqualTo(norm("カ"));
    }

    @Test
    void dropsInvisibleAndFormatCharacters() {
        String invisibles = "\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2060\u2061\u2062\u2063"
                + "\u2064\uFE00\uFE0F\uFEFF\u00AD\u3164\u034F" + new String(Character.toChars(0xE0041))
                + new String(Character.toChars(0xE007F));
        for (int i = 0; i < invisibles.length(); ) {
            int cp = invisibles.codePointAt(i);
            assertThat(TextNormalizer.foldCodePoint(cp)).as("U+%04X", cp).isNull();
            i += Character.charCount(cp);
        }
        assertThat(norm("f\u200Br\u00ADe\uFEFFe")).isEqualTo("free");
    }

    @Test
    void classifiesSpacesPunctuationSymbolsAndEmojiAsGaps() {
        for (String gap : new String[] {" ", ".", "-", "_", "*", "，", "。", "、", "★", "€", "\u3000", "😀", "🇨"}) {
            assertThat(TextNormalizer.foldCodePoint(gap.codePointAt(0))).as(gap).isEmpty();
        }
    }

    @Test
    void mapsTraditionalToSimplifiedChinese() {
        assertThat(norm("發財")).isEqualTo("发财");
        assertThat(norm("體育")).isEqualTo("体育");
        assertThat(norm("國際")).isEqualTo("国际");
        assertThat(norm("簡體")).isEqualTo("简体");
        assertThat(norm("中国")).isEqualTo("中国");
    }

    @Test
    void traditionalTableHasThousandsOfCharacters() {
        int mapped = 0;
        for (char c = '\u3400'; c < '\uA000'; c++) {
            char f = TextNormalizer.fold(c);
            if (f != c && Character.isIdeographic(c) && Character.isIdeographic(f)) {
                mapped++;
            }
        }
        assertThat(mapped).isGreaterThan(2500);
    }

    @Test
    void mapsCyrillicAndGreekLookAlikesToLatin() {
        assertThat(norm("раураl")).isEqualTo("paypal");   // Cyrillic р, а, у
        assertThat(norm("ΑΡΡLΕ")).isEqualTo("apple");     // Greek capitals
        assertThat(norm("ѕех")).isEqualTo("sex");
    }

    @Test
    void marksLatinLettersAsWordCharactersButNotChinese() {
        assertThat(TextNormalizer.isWordChar('a')).isTrue();
        assertThat(TextNormalizer.isWordChar('7')).isTrue();
        assertThat(TextNormalizer.isWordChar('中')).isFalse();
        assertThat(TextNormalizer.isWordChar('あ')).isFalse();
    }
}
