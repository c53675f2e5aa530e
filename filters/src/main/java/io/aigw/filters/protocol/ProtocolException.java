package io.aigw.filters.protocol;

import java.util.Objects;

/**
 * A request or response the gateway refuses, carrying what the client must be told.
 * {@code code} overrides the OpenAI error code of the kind (the license reason, for example).
 */
public final class ProtocolException extends RuntimeException {
    private final ErrorKind kind;
    private final String code;

    public ProtocolException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public ProtocolException(ErrorKind kind, String message, String code) {
        super(message, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = code;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The OpenAI {@code code} to report: the explicit one when given, else the kind's. */
    public String code() {
        return code != null ? code : kind.openAiCode();
    }
}
