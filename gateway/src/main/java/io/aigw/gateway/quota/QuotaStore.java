package io.aigw.gateway.quota;

import io.aigw.filters.quota.QuotaAdmission;
import io.aigw.filters.quota.QuotaBucket;
import io.aigw.filters.quota.StreamSlot;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Where quota state is kept: this process ({@link LocalQuotaStore}) or Redis ({@link RedisQuotaStore}).
 * Every operation is atomic on the store's side (no read-then-write race between replicas) and never
 * blocks the caller's thread; a failing store errors the returned {@link Mono} (the caller applies
 * {@code aigw.quota.redis.on-failure}).
 */
public interface QuotaStore {

    /**
     * Admits a request or not (rules: {@link io.aigw.filters.quota.TokenBuckets}): all {@code buckets}
     * must admit it and each of {@code slots} must have room; if so, each request bucket loses 1 and the
     * slots are taken, all at once.
     */
    Mono<QuotaAdmission> admit(List<QuotaBucket> buckets, List<StreamSlot> slots);

    /** Takes {@code tokens} from the token buckets among {@code buckets}, which may go into debt. */
    Mono<Void> charge(List<QuotaBucket> buckets, long tokens);

    /** Gives back places taken at admission. */
    Mono<Void> release(List<StreamSlot> slots);

    /** {@code local} or {@code redis}, for logs. */
    String kind();
}
