package io.aigw.filters.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.protocol.Protocol;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

    private static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");
    private static final QuotaBucket RPM = new QuotaBucket("{p}", QuotaWindow.REQUESTS_PER_MINUTE, 60);
    private static final QuotaBucket MODEL_RPM = new QuotaBucket("{p}|gpt*", QuotaWindow.REQUESTS_PER_MINUTE, 10);
    private static final QuotaBucket TPM = new QuotaBucket("{p}", QuotaWindow.TOKENS_PER_MINUTE, 1000);
    private static final QuotaBucket TPD = new QuotaBucket("{p}", QuotaWindow.TOKENS_PER_DAY, 100_000);

    private static final QuotaAdmission REFUSED = new QuotaAdmission(false, "tokens-per-minute", 1500, List.of(
            new BucketState(RPM, 50, 10_000), new BucketState(MODEL_RPM, 4, 36_000),
            new BucketState(TPM, 0, 90_000), new BucketState(TPD, 40_000, 3_600_000)));

    @Test
    void openAiGetsTheTightestBucketOfEachKindWithResetsAsDurations() {
        assertThat(RateLimitHeaders.of(Protocol.OPENAI, REFUSED, NOW)).containsExactly(
                entry("x-ratelimit-limit-requests", "10"),
                entry("x-ratelimit-remaining-requests", "4"),
                entry("x-ratelimit-reset-requests", "36s"),
                entry("x-ratelimit-limit-tokens", "1000"),
                entry("x-ratelimit-remaining-tokens", "0"),
                entry("x-ratelimit-reset-tokens", "1m30s"),
                entry("Retry-After", "2"));
    }

    @Test
    void anthropicGetsItsHeadersWithResetsAsInstants() {
        assertThat(RateLimitHeaders.of(Protocol.ANTHROPIC, REFUSED, NOW)).containsExactly(
                entry("anthropic-ratelimit-requests-limit", "10"),
                entry("anthropic-ratelimit-requests-remaining", "4"),
                entry("anthropic-ratelimit-requests-reset", "2026-12-02T05:00:36Z"),
                entry("anthropic-ratelimit-tokens-limit", "1000"),
                entry("anthropic-ratelimit-tokens-remaining", "0"),
                entry("anthropic-ratelimit-tokens-reset", "2026-12-02T05:01:30Z"),
                entry("Retry-After", "2"));
    }

    @Test
    void anAdmissionHasNoRetryAfterAndOnlyTheKindsItLimits() {
        QuotaAdmission admitted = new QuotaAdmission(true, null, 0, List.of(new BucketState(RPM, 59, 1000)));
        assertThat(RateLimitHeaders.of(Protocol.OPENAI, admitted, NOW)).containsExactly(
                entry("x-ratelimit-limit-requests", "60"),
                entry("x-ratelimit-remaining-requests", "59"),
                entry("x-ratelimit-reset-requests", "1s"));
    }

    @Test
    void durationsAreWrittenTheWayOpenAiWritesThem() {
        assertThat(RateLimitHeaders.duration(20)).isEqualTo("20ms");
        assertThat(RateLimitHeaders.duration(1000)).isEqualTo("1s");
        assertThat(RateLimitHeaders.duration(1500)).isEqualTo("1.5s");
        assertThat(RateLimitHeaders.duration(360_000)).isEqualTo("6m0s");
        assertThat(RateLimitHeaders.duration(7_384_250)).isEqualTo("2h3m4.25s");
    }

    private static java.util.Map.Entry<String, String> entry(String name, String value) {
        return java.util.Map.entry(name, value);
    }
}
