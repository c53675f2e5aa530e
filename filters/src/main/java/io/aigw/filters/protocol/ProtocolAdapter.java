package io.aigw.filters.protocol;

import tools.jackson.databind.JsonNode;

/**
 * Everything protocol-specific, in one place: adding a protocol means adding an adapter, not
 * touching the policies. Implementations are stateless and thread-safe.
 */
public interface ProtocolAdapter {

    RequestCodec requestCodec();


    /** A translator for one new stream. */
    StreamTranslator newStreamTranslator();

    JsonTranslator jsonTranslator();

    /** Where text may be inserted into this protocol's answers. */
    AnswerGrammar answerGrammar();

    /**
     * Whether reasoning text is signed by the upstream (Anthropic thinking blocks carry a signature
     * over their text, checked when the block is sent back): such text can be blocked, never changed.
     */
    default boolean reasoningIsSigned() {
        return false;
    }

    /** The finish reason that tells the client its answer was cut by the content filter. */
    String contentFilterFinishReason();

    /** The JSON error body for {@code kind}; {@code code} overrides the OpenAI code when not null. */
    byte[] errorBody(ErrorKind kind, String message, String code);

    /**
     * The token usage an upstream reports in {@code payload}: the JSON data of one stream event
     * ({@link ChatEvent#payload()}) or a whole non-streamed answer (the payload of a JSON answer's
     * end event). Reads only; never throws. The translators put what it reads from each event they
     * decode on {@link ChatEvent#usage()}, which reads it without building a streamed event's tree.
     *
     * @param payload the JSON, or null
     * @return the counts in it, or null when it reports none
     */
    TokenCounts usage(JsonNode payload);

    /** How this protocol's requests travel: paths, the upstream credential, default and forwarded headers. */
    UpstreamWire wire();

    /**
     * Whether a request to {@code path} carrying the headers {@code hasHeader} answers true for (lower-case
     * names) is recognisably of this protocol, before any route is chosen: errors answered outside a chat
     * route use the first protocol that claims the request ({@link io.aigw.filters.protocol.adapters.ProtocolAdapters#detect}).
     */
    boolean claims(String path, java.util.function.Predicate<String> hasHeader);
}
