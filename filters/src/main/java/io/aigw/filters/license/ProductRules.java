package io.aigw.filters.license;

import java.util.regex.Pattern;

/**
 * The field rules shared by the {@link Product} record and the registry parser, so a file and a
 * remote registry are held to the same rules. Each check returns a problem description, or null
 * when the value is fine; callers add the value and (for files) the location.
 */
final class ProductRules {

    static final Pattern ID = Pattern.compile("[a-z0-9-]+");
    static final Pattern KEY_HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    /** Producer codes end up in an HTTP header; the GB 45438 rule is 27 characters, this is a safety cap. */
    static final int MAX_PRODUCER_CODE_LENGTH = 128;

    private ProductRules() {
    }

    static String idProblem(String id) {
        return ID.matcher(id).matches() ? null : "invalid id (expected [a-z0-9-]+)";
    }

    static String keyHashProblem(String hash) {
        return KEY_HASH.matcher(hash).matches()
                ? null : "malformed key hash (expected sha256: and 64 lower-case hex digits)";
    }

    /** GB 45438 metadata values: printable ASCII without space, double quote or backslash. */
    static String producerCodeProblem(String code) {
        if (code.isEmpty()) {
            return "empty producer-code";
        }
        if (code.length() > MAX_PRODUCER_CODE_LENGTH) {
            return "producer-code longer than " + MAX_PRODUCER_CODE_LENGTH + " characters";
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                return "invalid producer-code (printable ASCII without space, '\"' or '\\')";
            }
        }
        return null;
    }

    static String blankProblem(String field, String value) {
        return value.isBlank() ? "blank " + field : null;
    }
}
