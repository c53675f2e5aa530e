package io.aigw.filters.license;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches one product from a remote registry (the gateway implements it with its HTTP client).
 * Implementations must not block the calling thread.
 */
@FunctionalInterface
public interface ProductLoader {

    /**
     * Starts fetching {@code productId}.
     *
     * @return a future completed with the product, with empty when the registry answered that it
     *         has no such product, or exceptionally when the registry could not be asked or gave an
     *         unusable answer (unreachable, timeout, 5xx, invalid product); never null
     */
    CompletableFuture<Optional<Product>> load(String productId);
}
