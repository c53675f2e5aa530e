package io.aigw.filters.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalQuotaBucketsTest {

    private static final QuotaBucket RPM = new QuotaBucket("{p}", QuotaWindow.REQUESTS_PER_MINUTE, 3);
    private static final QuotaBucket TPM = new QuotaBucket("{p}", QuotaWindow.TOKENS_PER_MINUTE, 100);

    private final LocalQuotaBuckets buckets = new LocalQuotaBuckets();

    @Test
    void aFullRequestBucketAdmitsItsLimitThenRefusesUntilOneRequestRefilled() {
        long t = 1_000_000;
        for (int i = 2; i >= 0; i--) {
            QuotaAdmission a = buckets.admit(List.of(RPM), List.of(), t);
            assertThat(a.admitted()).isTrue();
            assertThat(a.buckets().get(0).remaining()).isEqualTo(i);
        }
        QuotaAdmission refused = buckets.admit(List.of(RPM), List.of(), t);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.deniedBy()).isEqualTo("requests-per-minute");
        assertThat(refused.retryAfterMillis()).isEqualTo(20_000); // 3 per minute: one every 20 s
        assertThat(refused.buckets().get(0).millisUntilFull()).isEqualTo(60_000);

        assertThat(buckets.admit(List.of(RPM), List.of(), t + 19_999).admitted()).isFalse();
        assertThat(buckets.admit(List.of(RPM), List.of(), t + 20_000).admitted()).isTrue();
    }

    @Test
    void tokensAreChargedAfterwardsAndADebtRefusesUntilRepaid() {
        long t = 0;
        assertThat(buckets.admit(List.of(RPM, TPM), List.of(), t).admitted()).isTrue();
        buckets.charge(List.of(RPM, TPM), 150, t); // 100 - 150 = -50
        QuotaAdmission refused = buckets.admit(List.of(RPM, TPM), List.of(), t);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.deniedBy()).isEqualTo("tokens-per-minute");
        assertThat(refused.retryAfterMillis()).isEqualTo(30_001); // 50 tokens at 100/min, then positive
        assertThat(refused.buckets()).extracting(BucketState::remaining).containsExactly(2L, 0L);
        // A refusal takes nothing: the request bucket still holds 2.
        assertThat(buckets.admit(List.of(RPM, TPM), List.of(), t + 30_001).buckets().get(0).remaining()).isEqualTo(3 - 1 - 1 + 1);
    }

    @Test
    void aRefusalByOneBucketLeavesTheOthersUntouched() {
        QuotaBucket small = new QuotaBucket("{p}|gpt-4o*", QuotaWindow.REQUESTS_PER_MINUTE, 1);
        assertThat(buckets.admit(List.of(RPM, small), List.of(), 0).admitted()).isTrue();
        assertThat(buckets.admit(List.of(RPM, small), List.of(), 0).admitted()).isFalse();
        // The product bucket lost only the admitted request.
        assertThat(buckets.admit(List.of(RPM), List.of(), 0).buckets().get(0).remaining()).isEqualTo(1);
    }

    @Test
    void streamPlacesAreLimitedReleasedAndExpire() {
        StreamSlot a = new StreamSlot("{p}:streams", 1, "a", 1000);
        StreamSlot b = new StreamSlot("{p}:streams", 1, "b", 1000);
        assertThat(buckets.admit(List.of(), List.of(a), 0).admitted()).isTrue();
        QuotaAdmission refused = buckets.admit(List.of(RPM), List.of(b), 0);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.deniedBy()).isEqualTo(QuotaAdmission.CONCURRENT_STREAMS);
        assertThat(refused.buckets().get(0).remaining()).isEqualTo(3); // nothing taken
        buckets.release(a);
        assertThat(buckets.admit(List.of(), List.of(b), 10).admitted()).isTrue();
        // b is never released: its lease ends after 1 s.
        assertThat(buckets.admit(List.of(), List.of(a), 500).admitted()).isFalse();
        assertThat(buckets.admit(List.of(), List.of(a), 1010).admitted()).isTrue();
    }

    @Test
    void aDayBucketRefillsOverTheDay() {
        QuotaBucket tpd = new QuotaBucket("{p}", QuotaWindow.TOKENS_PER_DAY, 86_400);
        buckets.charge(List.of(tpd), 90_000, 0); // 3,600 tokens in debt at 1 token/s
        QuotaAdmission refused = buckets.admit(List.of(tpd), List.of(), 0);
        assertThat(refused.deniedBy()).isEqualTo("tokens-per-day");
        assertThat(refused.retryAfterMillis()).isEqualTo(3_600_001);
        assertThat(buckets.admit(List.of(tpd), List.of(), 3_600_000).admitted()).isFalse(); // exactly 0 still refuses
        assertThat(buckets.admit(List.of(tpd), List.of(), 3_600_001).admitted()).isTrue();
    }
}
