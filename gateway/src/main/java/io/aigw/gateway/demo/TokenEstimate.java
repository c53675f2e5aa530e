package io.aigw.gateway.demo;

/**
 * A rough, deterministic token count for mock usage figures: one token per Han character and
 * one per four other non-space characters, at least 1. Not a tokenizer.
 */
final class TokenEstimate {

    private TokenEstimate() {
    }

    /** @param text any text, never null */
    static int of(String text) {
        int han = 0;
        int other = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                han++;
            } else if (!Character.isWhitespace(cp)) {
                other++;
            }
        }
        return Math.max(1, han + (other + 3) / 4);
    }
}
