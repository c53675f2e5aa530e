package io.aigw.filters.sse;

/** Thrown when one event grows past the parser's byte cap; the stream cannot be trusted further. */
public final class SseLimitExceededException extends RuntimeException {
    public SseLimitExceededException(int limit) {
        super("server-sent event larger than " + limit + " bytes");
    }
}
