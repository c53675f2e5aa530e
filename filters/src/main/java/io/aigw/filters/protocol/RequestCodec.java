package io.aigw.filters.protocol;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Decodes a protocol's request body into a {@link ChatRequest} with one strict streaming read (see
 * {@link RequestWalk} for what is refused), and re-encodes it when a policy changes it. Stateless and
 * thread-safe.
 */
public final class RequestCodec {

    /**
     * The key of the duplicate-key hashes ({@link PropertyNames}), random per process. Drawn when the
     * codecs are built with the {@link Protocol} constants, at start-up: reading the seed source is a
     * blocking call, which must not happen on an event loop.
     */
    static final long NAME_HASH_SEED = new SecureRandom().nextLong();

    private final Protocol protocol;

    RequestCodec(Protocol protocol) {
        this.protocol = protocol;
    }

    /** {@link #decode(byte[], RequestLimits)} with the default limits. */
    public ChatRequest decode(byte[] body) {
        return decode(body, RequestLimits.DEFAULTS);
    }

    /**
     * Decodes a complete request body.
     *
     * @throws ProtocolException {@link ErrorKind#INVALID_ENCODING} for bytes that are not UTF-8 (or start
     *     with a byte order mark, or hold an unpaired surrogate escape), {@link ErrorKind#INVALID_JSON} for
     *     anything but one JSON object (a duplicate key included, code {@code duplicate_key}),
     *     {@link ErrorKind#REQUEST_LIMIT} over {@code limits}, and {@link ErrorKind#MISSING_FIELD} /
     *     {@link ErrorKind#INVALID_FIELD} for required fields and numbers out of range
     */
    public ChatRequest decode(byte[] body, RequestLimits limits) {
        return RequestWalk.decode(protocol, body, limits);
    }

    /**
     * The request with every prompt text (system prompts and each text part of each message) passed
     * through {@code rewrite}, in document order, and re-encoded; other fields and non-text parts keep
     * their values. Returns {@code request} itself when no text changed. Memory: the changed texts, and
     * the new body once.
     */
    public ChatRequest rewriteText(ChatRequest request, UnaryOperator<String> rewrite) {
        Map<Integer, String> changed = new HashMap<>();
        RequestWalk.visitPromptTexts(protocol, request.raw(), (slot, text) -> {
            String rewritten = rewrite.apply(text);
            if (!rewritten.equals(text)) {
                changed.put(slot, rewritten);
            }
        });
        return changed.isEmpty() ? request : RequestWalk.rewrite(protocol, request.raw(), changed, null);
    }

    /** The request with its {@code model} replaced and everything else kept. */
    public ChatRequest withModel(ChatRequest request, String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must be a non-empty string");
        }
        return RequestWalk.rewrite(protocol, request.raw(), Map.of(), model);
    }
}
