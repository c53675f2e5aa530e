package io.aigw.filters.content;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A prompt with its encoded runs decoded in place, for a second scan: what a model would read after
 * "decode this and answer". Decoded: percent-encoding ({@code %E6%8E%A8}, UTF-8), HTML character
 * references ({@code &#97;}, {@code &#x61;}, and {@code &amp; &lt; &gt; &quot; &apos; &nbsp;}), literal
 * {@code \\uXXXX} escapes, and base64 (standard or URL-safe) runs of at least {@value #MIN_BASE64} characters
 * that decode to valid UTF-8 text without control characters. Every decoded char maps back to the original
 * range of its encoded run; every other char to itself. At most {@code limit} encoded chars are decoded per
 * text (the rest is left as it is), and the view is never longer than the text. Not thread-safe.
 */
final class DecodedView {

    static final int MIN_BASE64 = 8;

    private final StringBuilder text;
    private int[] from;
    private int[] to;

    private DecodedView(int capacity) {
        text = new StringBuilder(capacity);
        from = new int[capacity];
        to = new int[capacity];
    }

    /**
     * The view of {@code s} squeezed for the Chinese evasions that only a prompt scan undoes: a term character
     * that repeats the one before it (after folding; nothing but invisibles between) is dropped (龙龙门门马马,
     * seeecret), and so is a run of at most {@code maxGap} letters, digits and gaps between two Han characters
     * (龙a门1马). Each char of the view maps to the original range of the char it stands for, widened over
     * the chars dropped after it; {@code base} (a decoded view, or null for {@code s} itself) is composed in.
     * Returns null when nothing was dropped.
     */
    static DecodedView squeeze(String s, DecodedView base, int maxGap) {
        DecodedView view = new DecodedView(s.length());
        boolean dropped = false;
        int previous = -1;          // folded first term char of the last kept term char, -1 after a gap
        boolean afterHan = false;   // the last kept term char is Han
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            String folded = TextNormalizer.foldCodePoint(cp);
            if (folded == null) {   // invisible
                view.copy(s, i, i + n, base);
                i += n;
                continue;
            }
            if (folded.isEmpty()) {
                previous = -1;
                view.copy(s, i, i + n, base);
                i += n;
                continue;
            }
            int first = folded.codePointAt(0);
            if (first == previous && folded.length() == Character.charCount(first) && view.text.length() > 0) {
                view.widen(base == null ? i + n : base.to[i + n - 1]);
                dropped = true;
                i += n;
                continue;
            }
            if (afterHan && TextNormalizer.isWordCodePoint(first)) {
                int end = hanAfterShortRun(s, i, maxGap);
                if (end > i) {
                    view.widen(base == null ? end : base.to[end - 1]);
                    dropped = true;
                    i = end;
                    continue;
                }
            }
            view.copy(s, i, i + n, base);
            previous = first;
            afterHan = PinyinReadings.isHan(first);
            i += n;
        }
        return dropped ? view : null;
    }

    /** Where a Han character follows at most {@code maxGap} letters, digits and gaps from {@code i}; else {@code i}. */
    private static int hanAfterShortRun(String s, int i, int maxGap) {
        int k = i;
        for (int count = 0; count < maxGap && k < s.length(); count++) {
            int cp = s.codePointAt(k);
            String folded = TextNormalizer.foldCodePoint(cp);
            if (folded != null && !folded.isEmpty() && !TextNormalizer.isWordCodePoint(folded.codePointAt(0))) {
                return PinyinReadings.isHan(folded.codePointAt(0)) ? k : i;
            }
            k += Character.charCount(cp);
        }
        if (k < s.length()) {
            String folded = TextNormalizer.foldCodePoint(s.codePointAt(k));
            if (folded != null && !folded.isEmpty() && PinyinReadings.isHan(folded.codePointAt(0))) {
                return k;
            }
        }
        return i;
    }

    private void copy(String s, int start, int end, DecodedView base) {
        for (int k = start; k < end; k++) {
            append(s.charAt(k), base == null ? k : base.from[k], base == null ? k + 1 : base.to[k]);
        }
    }

    /** Widens the last char's original range to end at {@code end}. */
    private void widen(int end) {
        int last = text.length() - 1;
        to[last] = Math.max(to[last], end);
    }

    /** The decoded text. */
    String text() {
        return text.toString();
    }

    /** Original start of decoded char {@code i}. */
    int originalStart(int i) {
        return from[i];
    }

    /** Original end of decoded char {@code i}. */
    int originalEnd(int i) {
        return to[i];
    }

    /**
     * The view of {@code s}, or null when it has no encoded run (or {@code limit} is 0).
     *
     * @param limit most encoded chars decoded
     */
    static DecodedView of(String s, int limit) {
        if (limit <= 0 || !mayHaveEncoding(s)) {
            return null;
        }
        DecodedView view = new DecodedView(s.length());
        int budget = limit;
        boolean decoded = false;
        int i = 0;
        while (i < s.length()) {
            int end = -1;
            String plain = null;
            if (budget > 0) {
                char c = s.charAt(i);
                if (c == '%') {
                    end = percentRun(s, i);
                    plain = end > i ? utf8(percentBytes(s, i, end)) : null;
                } else if (c == '&') {
                    end = s.indexOf(';', i);
                    plain = end > i && end - i <= 10 ? entity(s.substring(i + 1, end)) : null;
                    end++;
                } else if (c == '\\') {
                    end = escapeRun(s, i);
                    plain = end > i ? escapes(s, i, end) : null;
                } else if (base64Char(c) && (i == 0 || !base64Char(s.charAt(i - 1)))) {
                    end = i;
                    while (end < s.length() && base64Char(s.charAt(end))) {
                        end++;
                    }
                    int padded = end;
                    while (end < s.length() && s.charAt(end) == '=' && end - padded < 2) {
                        end++;
                    }
                    plain = end - i >= MIN_BASE64 ? base64(s.substring(i, end)) : null;
                    if (plain == null) {   // an ordinary word: copy it whole
                        view.copy(s, i, end);
                        i = end;
                        continue;
                    }
                }
            }
            if (plain != null && end - i <= budget) {
                budget -= end - i;
                decoded = true;
                for (int k = 0; k < plain.length(); k++) {
                    view.append(plain.charAt(k), i, end);
                }
                i = end;
            } else {
                view.append(s.charAt(i), i, i + 1);
                i++;
            }
        }
        return decoded ? view : null;
    }

    private void copy(String s, int start, int end) {
        for (int k = start; k < end; k++) {
            append(s.charAt(k), k, k + 1);
        }
    }

    private void append(char c, int start, int end) {
        int n = text.length();
        text.append(c);
        from[n] = start;
        to[n] = end;
    }

    private static boolean mayHaveEncoding(String s) {
        if (s.indexOf('%') >= 0 || s.indexOf('&') >= 0 || s.indexOf('\\') >= 0) {
            return true;
        }
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = base64Char(s.charAt(i)) ? run + 1 : 0;
            if (run >= MIN_BASE64) {
                return true;
            }
        }
        return false;
    }

    private static boolean base64Char(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_';
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** End of the run of %XX triples starting at {@code i} ({@code i} when none). */
    private static int percentRun(String s, int i) {
        int end = i;
        while (end + 2 < s.length() && s.charAt(end) == '%' && hex(s.charAt(end + 1)) >= 0 && hex(s.charAt(end + 2)) >= 0) {
            end += 3;
        }
        return end;
    }

    private static byte[] percentBytes(String s, int start, int end) {
        byte[] bytes = new byte[(end - start) / 3];
        for (int k = 0; k < bytes.length; k++) {
            int p = start + 3 * k;
            bytes[k] = (byte) (hex(s.charAt(p + 1)) << 4 | hex(s.charAt(p + 2)));
        }
        return bytes;
    }

    /** End of the run of backslash-u escapes starting at {@code i} ({@code i} when none). */
    private static int escapeRun(String s, int i) {
        int end = i;
        while (end + 5 < s.length() && s.charAt(end) == '\\' && (s.charAt(end + 1) == 'u' || s.charAt(end + 1) == 'U')
                && hex(s.charAt(end + 2)) >= 0 && hex(s.charAt(end + 3)) >= 0 && hex(s.charAt(end + 4)) >= 0
                && hex(s.charAt(end + 5)) >= 0) {
            end += 6;
        }
        return end;
    }

    private static String escapes(String s, int start, int end) {
        StringBuilder sb = new StringBuilder((end - start) / 6);
        for (int p = start; p < end; p += 6) {
            sb.append((char) Integer.parseInt(s, p + 2, p + 6, 16));
        }
        return sb.toString();
    }

    private static String entity(String name) {
        if (name.startsWith("#x") || name.startsWith("#X")) {
            return codePoint(name.substring(2), 16);
        }
        if (name.startsWith("#")) {
            return codePoint(name.substring(1), 10);
        }
        return switch (name) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "nbsp" -> "\u00A0";
            default -> null;
        };
    }

    private static String codePoint(String digits, int radix) {
        try {
            int cp = Integer.parseInt(digits, radix);
            return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String base64(String run) {
        String stripped = run.replace("=", "");
        byte[] bytes;
        try {
            bytes = (stripped.indexOf('-') >= 0 || stripped.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder())
                    .decode(stripped);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String text = utf8(bytes);
        if (text == null || text.isEmpty()) {
            return null;
        }
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t' || c == '\uFFFD') {
                return null;
            }
        }
        return text;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
