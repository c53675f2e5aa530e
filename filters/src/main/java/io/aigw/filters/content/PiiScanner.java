package io.aigw.filters.content;

/**
 * Incremental front of {@link PiiDetectors}: splits the text, fed in pieces, into tokens and runs the
 * detectors on each completed token. Characters are folded by {@link PiiCharFolder} first (full-width
 * forms and other decimal digits to ASCII), and each token character remembers where it came from, so
 * matches are reported over the original text. A token is also cut after {@link #MAX_TOKEN} token
 * characters, so what is held open is bounded; the cut happens at the same place however the text is
 * split. Positions are absolute offsets from the first char fed. Not thread-safe.
 */
final class PiiScanner {

    /** Longest token examined whole (an e-mail address is at most 254 chars). */
    static final int MAX_TOKEN = 256;

    private final PiiDetectors.Sink sink;
    private final StringBuilder token = new StringBuilder(64);
    /** Original position of each token character; one more entry holds the end of the last. */
    private final int[] origin = new int[MAX_TOKEN + 1];
    private boolean hasDigit;
    private boolean hasAt;
    private int position;
    /** A high surrogate seen last, waiting for its low half (0 when none). */
    private char pendingHigh;

    PiiScanner(PiiDetectors.Sink sink) {
        this.sink = (category, start, end) -> sink.match(category, origin[start], origin[end]);
    }

    void feed(CharSequence text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            int pos = position++;
            if (pendingHigh != 0) {
                char high = pendingHigh;
                pendingHigh = 0;
                if (Character.isLowSurrogate(c)) {
                    accept(PiiCharFolder.foldCodePoint(Character.toCodePoint(high, c)), pos - 1, pos + 1);
                    continue;
                }
                accept((char) 0, pos - 1, pos);   // a lone high surrogate separates tokens
            }
            if (Character.isHighSurrogate(c)) {
                pendingHigh = c;
            } else {
                accept(PiiCharFolder.fold(c), pos, pos + 1);
            }
        }
    }

    void finish() {
        if (pendingHigh != 0) {
            pendingHigh = 0;
            accept((char) 0, position - 1, position);
        }
        if (token.length() > 0) {
            endToken();
        }
    }

    /** Start of the open token (or of a pending high surrogate), else the current position. */
    int openStart() {
        int open = token.length() > 0 ? origin[0] : position;
        return pendingHigh != 0 ? Math.min(open, position - 1) : open;
    }

    /** One folded character, from original chars [start, end); 0 separates tokens. */
    private void accept(char folded, int start, int end) {
        if (folded == 0) {
            if (token.length() > 0) {
                endToken();
            }
            return;
        }
        if (token.length() == MAX_TOKEN) {
            endToken();
        }
        origin[token.length()] = start;
        origin[token.length() + 1] = end;
        token.append(folded);
        hasDigit |= folded >= '0' && folded <= '9';
        hasAt |= folded == '@';
    }

    private void endToken() {
        if (hasDigit || hasAt) {
            PiiDetectors.detect(token, 0, hasDigit, hasAt, sink);
        }
        token.setLength(0);
        hasDigit = false;
        hasAt = false;
    }
}
