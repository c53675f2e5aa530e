package io.aigw.filters.quota;

import java.util.Objects;

/**
 * A set of limits and the state they share: a product as a whole, or one model entry of a product
 * (every model matching that entry's glob shares it).
 *
 * @param key {@code {<product id>}} or {@code {<product id>}|<model glob>}: the product id is a Redis
 *     hash tag, so that all of a product's keys live in one cluster slot
 * @param limits the scope's limits
 */
public record QuotaScope(String key, QuotaLimits limits) {

    public QuotaScope {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limits, "limits");
    }
}
