package io.aigw.filters.quota;

import java.util.Objects;

/**
 * A streamed answer's place among a scope's concurrent streams, held from admission until the
 * exchange ends. A place is a lease: a holder that never releases it (a replica that died) loses it
 * after {@code leaseMillis}.
 *
 * @param key the scope's stream-set key
 * @param limit the scope's {@code concurrent-streams}
 * @param member the holder, unique per exchange (the request id)
 * @param leaseMillis how long the place is held at most
 */
public record StreamSlot(String key, int limit, String member, long leaseMillis) {

    public StreamSlot {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(member, "member");
        if (limit <= 0 || leaseMillis <= 0) {
            throw new IllegalArgumentException("limit and lease must be positive");
        }
    }
}
