package io.aigw.filters.pipeline;

/**
 * Where a response stage sets headers of the client's response (the gateway adapts its HTTP headers
 * to it). Valid while the headers can still change: from {@link ResponseStage#onStart} of a stream
 * until its first event is processed; for a non-streamed answer until all its events went through
 * the stages. Implementations need not be thread-safe: a stage calls it on the answer's thread.
 */
@FunctionalInterface
public interface HeaderSink {

    /** A sink that drops every header (tests, and callers without a response head). */
    HeaderSink NONE = (name, value) -> { };

    /** Adds or replaces the header {@code name}. */
    void set(String name, String value);
}
