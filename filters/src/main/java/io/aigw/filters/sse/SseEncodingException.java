package io.aigw.filters.sse;

/** Thrown when an event's bytes are not valid UTF-8; the stream cannot be trusted further. */
public final class SseEncodingException extends RuntimeException {
    public SseEncodingException() {
        super("server-sent event is not valid UTF-8");
    }
}
