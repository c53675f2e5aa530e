package io.aigw.gateway.quota;

import io.aigw.filters.quota.LocalQuotaBuckets;
import io.aigw.filters.quota.QuotaAdmission;
import io.aigw.filters.quota.QuotaBucket;
import io.aigw.filters.quota.StreamSlot;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** Quota state in this process (no {@code aigw.quota.redis.url}): each replica counts alone. */
final class LocalQuotaStore implements QuotaStore {

    private final LocalQuotaBuckets buckets = new LocalQuotaBuckets();
    private final Clock clock;

    LocalQuotaStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Mono<QuotaAdmission> admit(List<QuotaBucket> buckets, List<StreamSlot> slots) {
        return Mono.fromSupplier(() -> this.buckets.admit(buckets, slots, clock.millis()));
    }

    @Override
    public Mono<Void> charge(List<QuotaBucket> buckets, long tokens) {
        return Mono.fromRunnable(() -> this.buckets.charge(buckets, tokens, clock.millis()));
    }

    @Override
    public Mono<Void> release(List<StreamSlot> slots) {
        return Mono.fromRunnable(() -> slots.forEach(buckets::release));
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public String toString() {
        return "LocalQuotaStore[" + buckets + "]";
    }
}
