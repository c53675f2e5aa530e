package io.aigw.filters.label;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict RFC 9651 (Structured Field Values) dictionary parser for tests: §4.2.2 with integers,
 * decimals, strings, tokens, booleans, dates and parameters (parsed, then dropped). Inner lists,
 * byte sequences and display strings are refused, since the headers under test never use them.
 * Any deviation from the grammar throws {@link IllegalArgumentException}.
 */
final class StrictSfDictionaryParser {

    /** An sf-token. */
    record Token(String value) {
    }

    /** An sf-date, Unix seconds. */
    record SfDate(long seconds) {
    }

    private final String input;
    private int pos;

    private StrictSfDictionaryParser(String input) {
        this.input = input;
    }

    /** Parses a whole field value as a dictionary; values are String, Token, SfDate, Long, Double or Boolean. */
    static Map<String, Object> parse(String fieldValue) {
        StrictSfDictionaryParser p = new StrictSfDictionaryParser(fieldValue);
        p.skipSp();
        Map<String, Object> dict = p.dictionary();
        p.skipSp();
        if (p.pos != p.input.length()) {
            throw p.fail("trailing characters");
        }
        return dict;
    }

    private Map<String, Object> dictionary() {
        Map<String, Object> dict = new LinkedHashMap<>();
        while (pos < input.length()) {
            String key = key();
            Object value;
            if (peek() == '=') {
                pos++;
                if (peek() == '(') {
                    throw fail("inner lists are not supported");
                }
                value = bareItem();
            } else {
                value = Boolean.TRUE;
            }
            parameters();
            dict.put(key, value);
            skipOws();
            if (pos == input.length()) {
                return dict;
            }
            if (input.charAt(pos) != ',') {
                throw fail("expected ','");
            }
            pos++;
            skipOws();
            if (pos == input.length()) {
                throw fail("trailing comma");
            }
        }
        return dict;
    }

    private void parameters() {
        while (peek() == ';') {
            pos++;
            skipSp();
            key();
            if (peek() == '=') {
                pos++;
                bareItem();
            }
        }
    }

    private String key() {
        int start = pos;
        char c = peek();
        if (!(c >= 'a' && c <= 'z') && c != '*') {
            throw fail("key must start with lcalpha or '*'");
        }
        pos++;
        while (pos < input.length()) {
            c = input.charAt(pos);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*') {
                pos++;
            } else {
                break;
            }
        }
        return input.substring(start, pos);
    }

    private Object bareItem() {
        char c = peek();
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (c == '"') {
            return string();
        }
        if (c == '*' || isAlpha(c)) {
            return token();
        }
        if (c == '?') {
            pos++;
            char b = peek();
            if (b != '0' && b != '1') {
                throw fail("boolean must be ?0 or ?1");
            }
            pos++;
            return b == '1';
        }
        if (c == '@') {
            pos++;
            Object n = number();
            if (!(n instanceof Long seconds)) {
                throw fail("a date is an integer");
            }
            return new SfDate(seconds);
        }
        throw fail("unsupported or invalid bare item");
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (!Character.isDigit(peek()) || peek() > '9') {
            throw fail("expected a digit");
        }
        boolean decimal = false;
        int digits = 0;
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c >= '0' && c <= '9') {
                digits++;
                pos++;
            } else if (c == '.' && !decimal) {
                if (digits > 12) {
                    throw fail("decimal integer part too long");
                }
                decimal = true;
                pos++;
            } else {
                break;
            }
            if (!decimal && digits > 15) {
                throw fail("integer too long");
            }
        }
        String text = input.substring(start, pos);
        if (decimal) {
            if (text.endsWith(".")) {
                throw fail("decimal ends with '.'");
            }
            return Double.parseDouble(text);
        }
        return Long.parseLong(text);
    }

    private String string() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < input.length()) {
            char c = input.charAt(pos++);
            if (c == '\\') {
                if (pos == input.length()) {
                    throw fail("dangling backslash");
                }
                char next = input.charAt(pos++);
                if (next != '"' && next != '\\') {
                    throw fail("invalid escape");
                }
                sb.append(next);
            } else if (c == '"') {
                return sb.toString();
            } else if (c < 0x20 || c > 0x7E) {
                throw fail("character outside printable ASCII in a string");
            } else {
                sb.append(c);
            }
        }
        throw fail("unterminated string");
    }

    private Token token() {
        int start = pos;
        pos++;
        while (pos < input.length() && (isTchar(input.charAt(pos)) || input.charAt(pos) == ':' || input.charAt(pos) == '/')) {
            pos++;
        }
        return new Token(input.substring(start, pos));
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isTchar(char c) {
        return isAlpha(c) || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private char peek() {
        return pos < input.length() ? input.charAt(pos) : '\0';
    }

    private void skipSp() {
        while (peek() == ' ') {
            pos++;
        }
    }

    private void skipOws() {
        while (peek() == ' ' || peek() == '\t') {
            pos++;
        }
    }

    private IllegalArgumentException fail(String why) {
        return new IllegalArgumentException(why + " at " + pos + " in: " + input);
    }
}
