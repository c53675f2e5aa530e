package io.aigw.gateway.products;

import io.aigw.filters.license.ProductRegistry;

/**
 * A check a feature adds to every product registry before it serves (at start-up and on reload), for
 * settings the registry parser cannot judge alone (label wording, say). Implementations are
 * thread-safe and do no I/O.
 */
@FunctionalInterface
public interface ProductRegistryValidator {

    /**
     * @throws IllegalArgumentException naming the product and the bad value when the registry must
     *     not serve
     */
    void validate(ProductRegistry registry);
}
