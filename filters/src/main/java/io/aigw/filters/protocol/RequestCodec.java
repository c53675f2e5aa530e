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
    /** The protocol's own request format, or null for the streaming walks of the chat protocols. */
    private final RequestFormat format;

    RequestCodec(Protocol protocol, RequestFormat format) {
        this.protocol = protocol;
        this.format = format;
    }

    /**
     * A protocol's own decoding and rewriting of its requests, for a protocol whose requests the chat
     * walks ({@link RequestWalk}, {@link PromptWalk}) do not read; the same contracts as the codec's
     * methods. Stateless and thread-safe.
     */
    interface RequestFormat {
        ChatRequest decode(byte[] body, RequestLimits limits);

        ChatRequest rewriteText(ChatRequest request, UnaryOperator<String> rewrite);

        ChatRequest withModel(ChatRequest request, String model);
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
        if (format != null) {
            return format.decode(body, limits);
        }
        return RequestWalk.decode(protocol, body, limits);
    }

    /**
     * The request with every prompt text ({@link PromptWalk}: message contents, system prompts, tool calls
     * and results, tool definitions, answer schemas, …) passed through {@code rewrite} and re-encoded;
     * other fields keep their values. The adjacent text parts of one content are passed joined, as the
     * model reads them, so that a term split across parts is seen whole; for such a run the rewrite must
     * keep the text's length (a mask does), and its result is split back over the parts. Returns
     * {@code request} itself when no text changed. Memory: the changed texts, one run, and the new body once.
     *
     * @throws ProtocolException {@link ErrorKind#INVALID_FIELD} (code {@code unsupported_content}) for a
     *     prompt shape the walk does not understand, which must not be forwarded unscanned
     * @throws IllegalArgumentException when {@code rewrite} changes the length of a run of several parts
     */
    public ChatRequest rewriteText(ChatRequest request, UnaryOperator<String> rewrite) {
        if (format != null) {
            return format.rewriteText(request, rewrite);
        }
        Map<Integer, String> changed = new HashMap<>();
        PromptWalk.visit(protocol, request.raw(), (first, texts) -> {
            String text = texts.size() == 1 ? texts.get(0) : String.join("", texts);
            String rewritten = rewrite.apply(text);
            if (rewritten.equals(text)) {
                return;
            }
            if (texts.size() == 1) {
                changed.put(first, rewritten);
                return;
            }
            if (rewritten.length() != text.length()) {
                throw new IllegalArgumentException("a rewrite of text parts read as one must keep the text's length");
            }
            int at = 0;
            for (int i = 0; i < texts.size(); i++) {
                String part = texts.get(i);
                String sent = rewritten.substring(at, at + part.length());
                if (!sent.equals(part)) {
                    changed.put(first + i, sent);
                }
                at += part.length();
            }
        });
        if (changed.isEmpty()) {
            return request;
        }
        return RequestWalk.decode(protocol, PromptWalk.rewrite(protocol, request.raw(), changed), RequestLimits.NONE);
    }

    /** The request with its {@code model} replaced and everything else kept. */
    public ChatRequest withModel(ChatRequest request, String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must be a non-empty string");
        }
        if (format != null) {
            return format.withModel(request, model);
        }
        return RequestWalk.rewrite(protocol, request.raw(), Map.of(), model);
    }
}
