package io.aigw.filters.quota;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quota state of one process: the default store when no Redis is configured. Same rules as the
 * Redis scripts ({@link TokenBuckets}); each call is atomic under one lock held for a few map lookups,
 * never across I/O. State is kept per bucket key and per stream set; both are bounded by the scopes in
 * {@code products.yaml}.
 */
public final class LocalQuotaBuckets {

    private final Map<String, Level> levels = new HashMap<>();
    private final Map<String, Map<String, Long>> streams = new HashMap<>();

    private record Level(double level, long at) {
    }

    /**
     * Admits a request or not: every bucket must admit it and, when {@code slots} is not empty, every
     * stream set must have room. On admission the request buckets each lose 1 and the slots are taken;
     * on refusal nothing changes.
     */
    public synchronized QuotaAdmission admit(List<QuotaBucket> buckets, List<StreamSlot> slots, long now) {
        double[] current = new double[buckets.size()];
        String deniedBy = null;
        long wait = 0;
        for (int i = 0; i < buckets.size(); i++) {
            QuotaBucket bucket = buckets.get(i);
            current[i] = level(bucket, now);
            long until = TokenBuckets.millisUntilAdmits(current[i], bucket);
            if (until > wait) {
                wait = until;
                deniedBy = QuotaAdmission.limitName(bucket.window());
            }
        }
        if (deniedBy == null) {
            for (StreamSlot slot : slots) {
                Map<String, Long> open = openStreams(slot.key(), now);
                if (open.size() >= slot.limit() && !open.containsKey(slot.member())) {
                    deniedBy = QuotaAdmission.CONCURRENT_STREAMS;
                    wait = 1000;
                    break;
                }
            }
        }
        List<BucketState> states = new ArrayList<>(buckets.size());
        for (int i = 0; i < buckets.size(); i++) {
            QuotaBucket bucket = buckets.get(i);
            double after = deniedBy == null ? current[i] - bucket.admissionCost() : current[i];
            if (deniedBy == null) {
                levels.put(bucket.key(), new Level(after, now));
            }
            states.add(TokenBuckets.state(after, bucket));
        }
        if (deniedBy == null) {
            for (StreamSlot slot : slots) {
                streams.computeIfAbsent(slot.key(), k -> new LinkedHashMap<>()).put(slot.member(), now + slot.leaseMillis());
            }
        }
        return new QuotaAdmission(deniedBy == null, deniedBy, deniedBy == null ? 0 : wait, states);
    }

    /** Takes {@code tokens} from each token bucket among {@code buckets} (request buckets are skipped). */
    public synchronized void charge(List<QuotaBucket> buckets, long tokens, long now) {
        if (tokens <= 0) {
            return;
        }
        for (QuotaBucket bucket : buckets) {
            if (bucket.window().countsTokens()) {
                levels.put(bucket.key(), new Level(level(bucket, now) - tokens, now));
            }
        }
    }

    /** Gives back a place taken by {@link #admit}; nothing when it is not held. */
    public synchronized void release(StreamSlot slot) {
        Map<String, Long> open = streams.get(slot.key());
        if (open != null) {
            open.remove(slot.member());
            if (open.isEmpty()) {
                streams.remove(slot.key());
            }
        }
    }

    private double level(QuotaBucket bucket, long now) {
        Level stored = levels.get(bucket.key());
        return stored == null ? bucket.capacity() : TokenBuckets.refilled(stored.level(), stored.at(), now, bucket);
    }

    private Map<String, Long> openStreams(String key, long now) {
        Map<String, Long> open = streams.getOrDefault(key, Map.of());
        if (!open.isEmpty()) {
            open.values().removeIf(expiry -> expiry <= now);
        }
        return open;
    }

    @Override
    public String toString() {
        return "LocalQuotaBuckets[buckets=" + levels.size() + ", stream sets=" + streams.size() + "]";
    }
}
