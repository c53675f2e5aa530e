package io.aigw.gateway.license;

import io.aigw.filters.license.Product;
import io.aigw.filters.license.ProductLookup;
import reactor.core.publisher.Mono;

/**
 * Where the license of an authenticated product comes from: the products file itself, or a remote
 * registry. Implementations are thread-safe and never block the calling thread.
 */
public interface ProductLicenses {

    /**
     * The license record for {@code product}, identified by the gateway from its key.
     *
     * @param product the product the presented key belongs to; never null
     * @return a Mono that emits exactly one lookup and never errors: an unreachable registry is
     *         {@link ProductLookup.Unavailable}
     */
    Mono<ProductLookup> lookup(Product product);
}
