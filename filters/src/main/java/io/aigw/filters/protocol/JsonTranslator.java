package io.aigw.filters.protocol;

import java.util.List;

/** Translates a protocol's non-streamed answer to and from {@link ChatEvent}s. Stateless and thread-safe. */
public interface JsonTranslator {

    /**
     * Decodes a complete answer body.
     *
     * @throws ProtocolException {@link ErrorKind#UPSTREAM_PROTOCOL} when it is not a JSON object
     */
    JsonAnswer decode(byte[] body);

    /**
     * Encodes the answer as changed by the stages: content per choice / block is the concatenation of
     * the text events with that index, the finish reason the last one given, extra fields are added
     * at the top level. Callers keep {@link JsonAnswer#raw()} when no event changed.
     */
    byte[] encode(JsonAnswer answer, List<ChatEvent> processed);

    /**
     * Whether {@link #decode} keeps the protocol of the body it is given, so that a body no stage looks
     * at may be sent as received; false for a translator between two protocols.
     */
    default boolean keepsProtocol() {
        return true;
    }
}
