package io.aigw.filters.protocol;

import java.util.function.UnaryOperator;

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

    /**
     * The request with every prompt text (system prompts and each text part of each message) passed
     * through {@code rewrite} and re-encoded; other fields and non-text parts are kept. Returns
     * {@code request} itself when no text changed.
     */
    ChatRequest rewriteText(ChatRequest request, UnaryOperator<String> rewrite);
}
