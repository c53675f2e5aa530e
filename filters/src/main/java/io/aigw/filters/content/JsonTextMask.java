package io.aigw.filters.content;

/**
 * Applies a scanner's masks to JSON text (tool-call arguments) so that the JSON stays valid: follows
 * the text's lexical state across pieces and keeps a masked {@code *} only for a char inside a string
 * that is not part of an escape sequence (a masked escape keeps its original chars; a string's quotes
 * are never masked). A masked char outside a string (a number, a literal) cannot be masked without
 * breaking the document: {@link #apply} reports it, and the caller blocks instead. Not thread-safe:
 * one instance per arguments text, fed its pieces in order.
 */
public final class JsonTextMask {

    private boolean inString;
    private boolean escape;
    /** Hex digits of a backslash-u escape still to come. */
    private int unicodeDigits;

    /**
     * The safe form of one released piece.
     *
     * @param original the piece as the upstream sent it
     * @param masked the same piece as the scanner released it (same length, some chars {@code *})
     * @return the piece with only the JSON-safe masks applied, or {@code null} when a masked char lies
     *     outside a string (the text must be blocked)
     * @throws IllegalArgumentException when the two differ in length
     */
    public String apply(CharSequence original, CharSequence masked) {
        if (original.length() != masked.length()) {
            throw new IllegalArgumentException("masking changed the length (bug)");
        }
        StringBuilder out = null;
        for (int i = 0; i < original.length(); i++) {
            char c = original.charAt(i);
            boolean maskedHere = masked.charAt(i) != c;
            boolean maskable = inString && !escape && unicodeDigits == 0 && c != '"' && c != '\\';
            if (maskedHere && !inString) {
                return null;
            }
            if (maskedHere && maskable) {
                if (out == null) {
                    out = new StringBuilder(original.length()).append(original, 0, i);
                }
                out.append('*');
            } else if (out != null) {
                out.append(c);
            }
            advance(c);
        }
        return out == null ? original.toString() : out.toString();
    }

    private void advance(char c) {
        if (!inString) {
            inString = c == '"';
        } else if (unicodeDigits > 0) {
            unicodeDigits--;
        } else if (escape) {
            escape = false;
            unicodeDigits = c == 'u' ? 4 : 0;
        } else if (c == '\\') {
            escape = true;
        } else if (c == '"') {
            inString = false;
        }
    }
}
