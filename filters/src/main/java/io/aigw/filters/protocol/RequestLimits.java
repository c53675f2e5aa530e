package io.aigw.filters.protocol;

/**
 * Caps on how many items one chat request may hold, checked while its body is read (the read stops at
 * the first item over a cap, so a request never costs more than its caps allow). Requests over a cap are
 * refused with {@link ErrorKind#REQUEST_LIMIT}, naming the cap.
 *
 * @param maxMessages most entries of {@code messages}
 * @param maxContentParts most content parts in total: the entries of every array-valued message
 *                        {@code content} and of an array-valued Anthropic {@code system}
 */
public record RequestLimits(int maxMessages, int maxContentParts) {

    /** The defaults of {@code aigw.limits.max-messages} and {@code aigw.limits.max-content-parts}. */
    public static final RequestLimits DEFAULTS = new RequestLimits(10_000, 20_000);

    /** No caps: for requests already decoded within their caps and rewritten without adding items. */
    public static final RequestLimits NONE = new RequestLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);

    /** @throws IllegalArgumentException when a cap is not positive */
    public RequestLimits {
        if (maxMessages <= 0 || maxContentParts <= 0) {
            throw new IllegalArgumentException("request limits must be positive, got " + maxMessages + " messages, " + maxContentParts + " parts");
        }
    }
}
