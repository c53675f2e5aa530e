package io.aigw.filters.content;

/**
 * The built-in PII detectors, run over one token: a maximal run of ASCII letters, digits and
 * {@code . _ % + @ -} (see {@link PiiScanner}). Whatever is not in that set (spaces, CJK, other
 * punctuation) separates tokens, so every candidate's surrounding context is inside its token.
 * A candidate failing its checksum is not a match. Stateless.
 */
final class PiiDetectors {

    static final String ID_CARD = "pii-id-card";
    static final String PHONE = "pii-phone";
    static final String BANK_CARD = "pii-bank-card";
    static final String EMAIL = "pii-email";
    static final String IPV4 = "pii-ipv4";

    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";

    interface Sink {
        void match(String category, int start, int end);
    }

    private PiiDetectors() {
    }

    /** Whether {@code c} can be part of a token. */
    static boolean isTokenChar(char c) {
        return c < 128 && TOKEN[c];
    }

    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[Character.toUpperCase(c)] = true;
        }
        for (char c : "._%+@-".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    /** Reports the PII in {@code token}, whose first char is at absolute position {@code base}. */
    static void detect(CharSequence token, int base, boolean hasDigit, boolean hasAt, Sink sink) {
        if (hasDigit) {
            digitRuns(token, base, sink);
            ipv4(token, base, sink);
        }
        if (hasAt) {
            email(token, base, sink);
        }
    }

    private static void digitRuns(CharSequence t, int base, Sink sink) {
        int n = t.length();
        int i = 0;
        while (i < n) {
            if (!isDigit(t.charAt(i))) {
                i++;
                continue;
            }
            int a = i;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
            }
            classifyDigitRun(t, a, i, base, sink);
        }
    }

    private static void classifyDigitRun(CharSequence t, int a, int b, int base, Sink sink) {
        int len = b - a;
        if (len == 17 && b < t.length() && (t.charAt(b) == 'X' || t.charAt(b) == 'x')
                && (b + 1 == t.length() || !Character.isLetterOrDigit(t.charAt(b + 1))) && validId(t, a)) {
            sink.match(ID_CARD, base + a, base + b + 1);
        } else if (len == 18 && validId(t, a)) {
            sink.match(ID_CARD, base + a, base + b);
        } else if (len == 11 && mobile(t, a)) {
            sink.match(PHONE, base + a, base + b);
        } else if (len == 13 && t.charAt(a) == '8' && t.charAt(a + 1) == '6' && mobile(t, a + 2)) {
            int start = a > 0 && t.charAt(a - 1) == '+' ? a - 1 : a;
            sink.match(PHONE, base + start, base + b);
        } else if (len >= 13 && len <= 19 && luhn(t, a, b)) {
            sink.match(BANK_CARD, base + a, base + b);
        }
    }

    /** MOD 11-2 over the first 17 digits from {@code a}, plus a plausible birth date (YYYYMMDD at 6..13). */
    static boolean validId(CharSequence t, int a) {
        int sum = 0;
        for (int k = 0; k < 17; k++) {
            sum += (t.charAt(a + k) - '0') * ID_WEIGHTS[k];
        }
        char expected = ID_CHECK.charAt(sum % 11);
        char actual = Character.toUpperCase(t.charAt(a + 17));
        if (expected != actual) {
            return false;
        }
        int year = number(t, a + 6, 4);
        int month = number(t, a + 10, 2);
        int day = number(t, a + 12, 2);
        return year >= 1800 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    private static boolean mobile(CharSequence t, int a) {
        char second = t.charAt(a + 1);
        return t.charAt(a) == '1' && second >= '3' && second <= '9';
    }

    static boolean luhn(CharSequence t, int a, int b) {
        int sum = 0;
        boolean twice = false;
        for (int k = b - 1; k >= a; k--) {
            int d = t.charAt(k) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** Dotted quads whose octets are 0..255, not glued to further digits or dotted digits. */
    private static void ipv4(CharSequence t, int base, Sink sink) {
        int n = t.length();
        for (int i = 0; i < n; i++) {
            if (!isDigit(t.charAt(i)) || (i > 0 && (isDigit(t.charAt(i - 1)) || t.charAt(i - 1) == '.'))) {
                continue;
            }
            int p = i;
            int octets = 0;
            while (octets < 4) {
                int q = p;
                while (q < n && q - p < 4 && isDigit(t.charAt(q))) {
                    q++;
                }
                int len = q - p;
                if (len == 0 || len > 3 || number(t, p, len) > 255) {
                    break;
                }
                octets++;
                p = q;
                if (octets < 4) {
                    if (p < n && t.charAt(p) == '.') {
                        p++;
                    } else {
                        break;
                    }
                }
            }
            boolean glued = p < n && (isDigit(t.charAt(p))
                    || (t.charAt(p) == '.' && p + 1 < n && isDigit(t.charAt(p + 1))));
            if (octets == 4 && !glued) {
                sink.match(IPV4, base + i, base + p);
            }
        }
    }

    private static void email(CharSequence t, int base, Sink sink) {
        int n = t.length();
        for (int at = 0; at < n; at++) {
            if (t.charAt(at) != '@') {
                continue;
            }
            int start = at;
            while (start > 0 && t.charAt(start - 1) != '@') {
                start--;
            }
            while (start < at && (t.charAt(start) == '.' || t.charAt(start) == '-')) {
                start++;
            }
            int end = at + 1;
            while (end < n && isDomainChar(t.charAt(end))) {
                end++;
            }
            while (end > at + 1 && (t.charAt(end - 1) == '.' || t.charAt(end - 1) == '-')) {
                end--;
            }
            if (start < at && validDomain(t, at + 1, end)) {
                sink.match(EMAIL, base + start, base + end);
            }
        }
    }

    private static boolean validDomain(CharSequence t, int a, int b) {
        int lastDot = -1;
        for (int k = a; k < b; k++) {
            if (t.charAt(k) == '.') {
                if (k == a || t.charAt(k - 1) == '.') {
                    return false;   // empty label
                }
                lastDot = k;
            }
        }
        if (lastDot < 0 || b - lastDot - 1 < 2) {
            return false;
        }
        for (int k = lastDot + 1; k < b; k++) {
            if (!Character.isLetter(t.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDomainChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(CharSequence t, int a, int len) {
        int v = 0;
        for (int k = a; k < a + len; k++) {
            v = v * 10 + (t.charAt(k) - '0');
        }
        return v;
    }
}
