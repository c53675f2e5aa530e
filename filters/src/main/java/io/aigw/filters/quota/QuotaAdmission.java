package io.aigw.filters.quota;

import java.util.List;
import java.util.Objects;

/**
 * The answer of a quota store to one request.
 *
 * @param admitted whether the request may go on (it then took its request from every request bucket
 *     and its places among concurrent streams)
 * @param deniedBy the limit that refused it ({@code requests-per-minute}, {@code tokens-per-minute},
 *     {@code tokens-per-day}, {@code concurrent-streams}); null when admitted
 * @param retryAfterMillis when refused, how long until the refusing bucket admits again (for a stream
 *     limit, a fixed hint); 0 when admitted
 * @param buckets the rate buckets after the decision, in request order
 */
public record QuotaAdmission(boolean admitted, String deniedBy, long retryAfterMillis, List<BucketState> buckets) {

    public QuotaAdmission {
        buckets = List.copyOf(Objects.requireNonNull(buckets, "buckets"));
    }

    /** The name of a window as used in {@link #deniedBy()}, {@code products.yaml} and metrics. */
    public static String limitName(QuotaWindow window) {
        return switch (window) {
            case REQUESTS_PER_MINUTE -> "requests-per-minute";
            case TOKENS_PER_MINUTE -> "tokens-per-minute";
            case TOKENS_PER_DAY -> "tokens-per-day";
        };
    }

    /** {@link #deniedBy()} of a stream-limit refusal. */
    public static final String CONCURRENT_STREAMS = "concurrent-streams";
}
