package io.aigw.filters.content;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;

/**
 * The folding that makes lexicon matching resist evasions, as a table over the BMP computed once.
 *
 * <p>Every code point of a text falls in one of four classes:
 * <ul>
 *   <li><b>term character</b>: folds to one (or, rarely, several) normalized letters/digits. The fold is
 *       NFKD, minus combining marks (diacritics), recomposed (NFC, so Hangul and kana voicing survive),
 *       case-folded, then traditional-to-simplified Chinese ({@code t2s.txt}, from OpenCC), then
 *       Cyrillic/Greek look-alikes to Latin, then the leetspeak digits to their letters ({@link #leet}).</li>
 *   <li><b>gap</b>: spaces, punctuation, symbols, emoji. Skipped between term characters, at most
 *       {@code maxGap} in a row.</li>
 *   <li><b>invisible</b>: format characters (zero-width, bidi controls, tags, soft hyphen, BOM…),
 *       combining marks, variation selectors and Hangul fillers. Skipped, at most
 *       {@link #MAX_INVISIBLE_RUN} in a row.</li>
 * </ul>
 * Terms of a lexicon are normalized with the same fold, so a term matches any text that folds to it.
 * All members are static and thread-safe; the tables are immutable after class initialization.
 */
final class TextNormalizer {

    /** At most this many invisible code points in a row are skipped inside a match. */
    static final int MAX_INVISIBLE_RUN = 8;

    /** Class markers in {@link #FOLD}; normalized characters are never surrogates, so these cannot clash. */
    static final char INVISIBLE = '\uD800';
    static final char GAP = '\uD801';
    /** The character folds to several term characters: see {@link #expansion(char)}. */
    static final char EXPANDED = '\uD802';
    /** A surrogate: the code point is folded by {@link #foldSupplementary(int)}. */
    static final char SURROGATE = '\uD803';

    private static final char[] FOLD = new char[65536];
    /** Normalized characters that take part in Latin-style word boundaries (letters/digits of spaced scripts). */
    private static final boolean[] WORD = new boolean[65536];
    private static final Map<Character, String> EXPANSIONS = new HashMap<>();
    private static final char[] T2S = loadT2s();
    private static final char[] HOMOGLYPHS = homoglyphs();

    static {
        for (int c = 0; c < 65536; c++) {
            if (Character.isSurrogate((char) c)) {
                FOLD[c] = SURROGATE;
                continue;
            }
            String folded = foldSlow(c);
            if (folded == null) {
                FOLD[c] = INVISIBLE;
            } else if (folded.isEmpty()) {
                FOLD[c] = GAP;
            } else if (folded.length() == 1) {
                FOLD[c] = folded.charAt(0);
            } else {
                FOLD[c] = EXPANDED;
                EXPANSIONS.put((char) c, folded);
            }
        }
        for (int c = 0; c < 65536; c++) {
            WORD[c] = isTermCodePoint(c) && !unspacedScript(c);
        }
    }

    private TextNormalizer() {
    }

    /**
     * The fold of BMP character {@code c}: a normalized term character, or one of {@link #INVISIBLE},
     * {@link #GAP}, {@link #EXPANDED}, {@link #SURROGATE}.
     */
    static char fold(char c) {
        return FOLD[c];
    }

    /** The normalized term characters of a BMP character whose fold is {@link #EXPANDED}. */
    static String expansion(char c) {
        return EXPANSIONS.get(c);
    }

    /** Whether normalized character {@code c} is a letter/digit of a script written with spaces between words. */
    static boolean isWordChar(char c) {
        return WORD[c];
    }

    /** Whether normalized code point {@code cp} is a word character (see {@link #isWordChar(char)}). */
    static boolean isWordCodePoint(int cp) {
        return cp < 65536 ? WORD[cp] : isTermCodePoint(cp) && !unspacedScript(cp);
    }

    /**
     * The fold of any code point: {@code null} when invisible, {@code ""} when a gap, else its normalized
     * term characters (one or more, possibly supplementary). This is the slow path for supplementary
     * code points and the reference for the BMP table.
     */
    static String foldCodePoint(int cp) {
        if (cp < 65536) {
            char f = FOLD[cp];
            return switch (f) {
                case INVISIBLE -> null;
                case GAP -> "";
                case EXPANDED -> EXPANSIONS.get((char) cp);
                case SURROGATE -> "";   // a lone surrogate is noise between characters
                default -> String.valueOf(f);
            };
        }
        return foldSupplementary(cp);
    }

    /** Fold of a supplementary code point; cheap classification first, full NFKD only where it can matter. */
    static String foldSupplementary(int cp) {
        if (invisible(cp)) {
            return null;
        }
        boolean compatibilityBlock = (cp >= 0x1D400 && cp <= 0x1D7FF)   // mathematical alphanumerics
                || (cp >= 0x1F100 && cp <= 0x1F1FF)                      // enclosed alphanumeric supplement
                || (cp >= 0x1FBF0 && cp <= 0x1FBF9)                      // segmented digits
                || (cp >= 0x2F800 && cp <= 0x2FA1F);                     // CJK compatibility ideographs
        if (compatibilityBlock) {
            return foldSlow(cp);
        }
        return isTermCodePoint(cp) ? new String(Character.toChars(cp)) : "";
    }

    /**
     * Normalizes a lexicon term: the concatenated folds of its code points, gaps and invisibles dropped.
     *
     * @return the normalized term characters as code points (empty when the term has none)
     */
    static int[] normalizeTerm(String term) {
        StringBuilder sb = new StringBuilder(term.length());
        term.codePoints().forEach(cp -> {
            String f = foldCodePoint(cp);
            if (f != null) {
                sb.append(f);
            }
        });
        return sb.codePoints().toArray();
    }

    /** Full fold of one code point, used to build the table: null = invisible, "" = gap. */
    private static String foldSlow(int cp) {
        if (invisible(cp)) {
            return null;
        }
        String s = new String(Character.toChars(cp));
        String decomposed = Normalizer.normalize(s, Normalizer.Form.NFKD);
        StringBuilder base = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(d -> {
            int type = Character.getType(d);
            boolean mark = type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK;
            boolean kanaVoicing = d == 0x3099 || d == 0x309A;
            if (!mark || kanaVoicing) {
                base.appendCodePoint(d);
            }
        });
        if (base.length() == 0) {
            return null;   // a standalone mark: it only decorates its neighbour
        }
        String composed = Normalizer.normalize(base, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(composed.length());
        composed.codePoints().forEach(d -> {
            int folded = Character.toLowerCase(Character.toUpperCase(d));
            if (!isTermCodePoint(folded)) {
                return;   // punctuation inside a compatibility form, e.g. the parentheses of U+2474
            }
            if (folded < 65536) {
                char f = (char) folded;
                if (T2S != null && T2S[f] != 0) {
                    f = T2S[f];
                }
                if (HOMOGLYPHS != null && HOMOGLYPHS[f] != 0) {
                    f = HOMOGLYPHS[f];
                }
                out.append(leet(f));
            } else {
                out.appendCodePoint(folded);
            }
        });
        return out.toString();
    }

    /**
     * Leetspeak: the digits that stand for a letter ({@code s3cr3t pl4n}) fold to it, in text and terms alike.
     * 2, 6, 8 and 9 stay digits (they stand for no letter reliably); symbols such as @ and $ stay gaps.
     */
    static char leet(char c) {
        return switch (c) {
            case '0' -> 'o';
            case '1' -> 'i';
            case '3' -> 'e';
            case '4' -> 'a';
            case '5' -> 's';
            case '7' -> 't';
            default -> c;
        };
    }

    private static boolean isTermCodePoint(int cp) {
        return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.LETTER_NUMBER;
    }

    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT
                || type == Character.NON_SPACING_MARK
                || type == Character.ENCLOSING_MARK
                || type == Character.CONTROL && !Character.isWhitespace(cp)
                || cp >= 0xFE00 && cp <= 0xFE0F               // variation selectors
                || cp >= 0xE0000 && cp <= 0xE007F             // tags
                || cp >= 0xE0100 && cp <= 0xE01EF             // variation selectors supplement
                || cp == 0x3164 || cp == 0xFFA0 || cp == 0x115F || cp == 0x1160   // Hangul fillers
                || cp == 0x034F || cp == 0x180E || cp == 0x2800;                   // CGJ, MVS, braille blank
    }

    /** Scripts written without spaces between words: a Latin-style word boundary means nothing there. */
    private static boolean unspacedScript(int cp) {
        if (Character.isIdeographic(cp)) {
            return true;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return switch (script) {
            case HAN, HIRAGANA, KATAKANA, HANGUL, THAI, LAO, KHMER, MYANMAR, TIBETAN, BOPOMOFO, YI -> true;
            default -> false;
        };
    }

    private static char[] loadT2s() {
        char[] table = new char[65536];
        try (InputStream in = TextNormalizer.class.getResourceAsStream("t2s.txt")) {
            if (in == null) {
                throw new IllegalStateException("resource io/aigw/filters/content/t2s.txt is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int lineNo = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                lineNo++;
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.length() != 2) {
                    throw new IllegalStateException("t2s.txt line " + lineNo + ": expected two characters: " + line);
                }
                table[line.charAt(0)] = line.charAt(1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read t2s.txt", e);
        }
        return table;
    }

    /** Cyrillic and Greek letters (lower case, after case folding) that look like a Latin letter. */
    private static char[] homoglyphs() {
        char[] table = new char[65536];
        String pairs = ""
                // Cyrillic
                + "аa" + "вb" + "еe" + "ёe" + "кk" + "мm" + "нh" + "оo" + "рp" + "сc" + "тt" + "уy" + "хx"
                + "ѕs" + "іi" + "їi" + "јj" + "ԁd" + "һh" + "ԛq" + "ԝw" + "ѵv" + "ӏl" + "үy"
                // Greek
                + "αa" + "βb" + "εe" + "ηn" + "ιi" + "κk" + "νv" + "οo" + "ρp" + "τt" + "υu" + "χx" + "ωw"
                + "ϲc" + "ϳj"
                // Latin look-alikes NFKD leaves alone
                + "ıi" + "ȷj" + "ɑa" + "ɡg" + "ǀl";
        for (int i = 0; i + 1 < pairs.length(); i += 2) {
            table[pairs.charAt(i)] = pairs.charAt(i + 1);
        }
        return table;
    }
}
