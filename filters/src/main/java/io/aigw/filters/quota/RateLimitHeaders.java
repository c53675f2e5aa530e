package io.aigw.filters.quota;

import io.aigw.filters.protocol.Protocol;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rate-limit headers the official SDKs and apps read, from an admission: OpenAI
 * {@code x-ratelimit-limit-requests}, {@code x-ratelimit-remaining-requests},
 * {@code x-ratelimit-reset-requests} and the same three for {@code -tokens} (reset as a duration,
 * {@code 1s}, {@code 6m0s}, {@code 20ms}); Anthropic {@code anthropic-ratelimit-requests-limit},
 * {@code -requests-remaining}, {@code -requests-reset} and the same for {@code tokens} (reset as an
 * RFC 3339 instant). "Reset" is when the bucket is full again. When several buckets of a kind apply
 * (product and model scope, tokens per minute and per day), the one with the least remaining is
 * reported. Plus {@code Retry-After} (whole seconds, at least 1) on a refusal. Stateless.
 */
public final class RateLimitHeaders {

    public static final String RETRY_AFTER = "Retry-After";

    private RateLimitHeaders() {
    }

    /** The headers for {@code admission} answered at {@code now} to a caller speaking {@code protocol}. */
    public static Map<String, String> of(Protocol protocol, QuotaAdmission admission, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        BucketState requests = tightest(admission.buckets(), false);
        BucketState tokens = tightest(admission.buckets(), true);
        if (requests != null) {
            put(headers, protocol, "requests", requests, now);
        }
        if (tokens != null) {
            put(headers, protocol, "tokens", tokens, now);
        }
        if (!admission.admitted()) {
            headers.put(RETRY_AFTER, Long.toString(Math.max(1, (admission.retryAfterMillis() + 999) / 1000)));
        }
        return headers;
    }

    private static void put(Map<String, String> headers, Protocol protocol, String kind, BucketState state, Instant now) {
        String limit = Long.toString(state.bucket().capacity());
        String remaining = Long.toString(state.remaining());
        if (protocol == Protocol.ANTHROPIC) {
            headers.put("anthropic-ratelimit-" + kind + "-limit", limit);
            headers.put("anthropic-ratelimit-" + kind + "-remaining", remaining);
            headers.put("anthropic-ratelimit-" + kind + "-reset",
                    now.plusMillis(state.millisUntilFull()).truncatedTo(ChronoUnit.SECONDS).toString());
        } else {
            headers.put("x-ratelimit-limit-" + kind, limit);
            headers.put("x-ratelimit-remaining-" + kind, remaining);
            headers.put("x-ratelimit-reset-" + kind, duration(state.millisUntilFull()));
        }
    }

    private static BucketState tightest(List<BucketState> states, boolean tokens) {
        BucketState tightest = null;
        for (BucketState s : states) {
            if (s.bucket().window().countsTokens() == tokens && (tightest == null || s.remaining() < tightest.remaining()
                    || s.remaining() == tightest.remaining() && s.millisUntilFull() > tightest.millisUntilFull())) {
                tightest = s;
            }
        }
        return tightest;
    }

    /** A duration the way OpenAI writes it: {@code 20ms}, {@code 1s}, {@code 1.5s}, {@code 6m0s}, {@code 2h3m0s}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long ms = millis % 60_000;
        StringBuilder sb = new StringBuilder();
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        sb.append(ms / 1000);
        if (ms % 1000 != 0) {
            String fraction = String.format("%03d", ms % 1000).replaceAll("0+$", "");
            sb.append('.').append(fraction);
        }
        return sb.append('s').toString();
    }
}
