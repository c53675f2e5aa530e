package io.aigw.filters.content;

/**
 * What the PII detectors see of a character: its ASCII token character ({@link PiiDetectors#isTokenChar}),
 * or 0 when it separates tokens. Folds full-width ASCII forms ({@code "１３８"}, {@code "＠"}, {@code "Ｘ"})
 * and every Unicode decimal digit (Arabic-Indic, Devanagari, mathematical bold {@code "𝟏"}…) to ASCII, so
 * that writing a number in another digit form does not hide it. Stateless and thread-safe.
 */
final class PiiCharFolder {

    private static final int FULL_WIDTH_FIRST = 0xFF01;
    private static final int FULL_WIDTH_LAST = 0xFF5E;
    private static final int FULL_WIDTH_OFFSET = 0xFEE0;
    private static final char[] BMP = new char[65536];

    static {
        for (int c = 0; c < 65536; c++) {
            BMP[c] = foldSlow(c);
        }
    }

    private PiiCharFolder() {
    }

    /** The token character of BMP char {@code c}, 0 for a separator (surrogates included). */
    static char fold(char c) {
        return BMP[c];
    }

    /** The token character of any code point, 0 for a separator. */
    static char foldCodePoint(int cp) {
        return cp < 65536 ? BMP[cp] : foldSlow(cp);
    }

    private static char foldSlow(int cp) {
        int c = cp >= FULL_WIDTH_FIRST && cp <= FULL_WIDTH_LAST ? cp - FULL_WIDTH_OFFSET : cp;
        if (c < 128) {
            return PiiDetectors.isTokenChar((char) c) ? (char) c : 0;
        }
        if (Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
            return (char) ('0' + Character.digit(c, 10));
        }
        return 0;
    }
}
