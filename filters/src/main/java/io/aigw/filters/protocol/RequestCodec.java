package io.aigw.filters.protocol;

/** Decodes a protocol's request body into a {@link ChatRequest}. Stateless and thread-safe. */
public interface RequestCodec {

    /**
     * Decodes a complete request body.
     *
     * @throws ProtocolException {@link ErrorKind#INVALID_ENCODING} for bytes that are not UTF-8,
     *     {@link ErrorKind#INVALID_JSON} for anything but one JSON object, and
     *     {@link ErrorKind#MISSING_FIELD} / {@link ErrorKind#INVALID_FIELD} for required fields
     */
    ChatRequest decode(byte[] body);
}
