package io.aigw.filters.content;

/**
 * Incremental front of {@link PiiDetectors}: splits the text, fed in pieces, into tokens and runs the
 * detectors on each completed token. A token is also cut after {@link #MAX_TOKEN} chars, so what is
 * held open is bounded; the cut happens at the same place however the text is split. Positions are
 * absolute offsets from the first char fed. Not thread-safe.
 */
final class PiiScanner {

    /** Longest token examined whole (an e-mail address is at most 254 chars). */
    static final int MAX_TOKEN = 256;

    private final PiiDetectors.Sink sink;
    private final StringBuilder token = new StringBuilder(64);
    private int tokenStart;
    private boolean hasDigit;
    private boolean hasAt;
    private int position;

    PiiScanner(PiiDetectors.Sink sink) {
        this.sink = sink;
    }

    void feed(CharSequence text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            int pos = position++;
            if (PiiDetectors.isTokenChar(c)) {
                if (token.length() == 0) {
                    tokenStart = pos;
                } else if (token.length() == MAX_TOKEN) {
                    endToken();
                    tokenStart = pos;
                }
                token.append(c);
                hasDigit |= c >= '0' && c <= '9';
                hasAt |= c == '@';
            } else if (token.length() > 0) {
                endToken();
            }
        }
    }

    void finish() {
        if (token.length() > 0) {
            endToken();
        }
    }

    /** Start of the open token, or the current position when none is open. */
    int openStart() {
        return token.length() > 0 ? tokenStart : position;
    }

    private void endToken() {
        if (hasDigit || hasAt) {
            PiiDetectors.detect(token, tokenStart, hasDigit, hasAt, sink);
        }
        token.setLength(0);
        hasDigit = false;
        hasAt = false;
    }
}
