package io.aigw.gateway.license;

import io.aigw.filters.license.Product;
import io.aigw.filters.license.ProductLookup;
import io.aigw.filters.license.RemoteProductCache;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Licenses from a remote registry, through the {@link RemoteProductCache} (refresh ahead, bounded,
 * maximum staleness, then fail-closed). The product is looked up by the id the products file gives its
 * key, so neither the key nor its hash is ever sent. Thread-safe.
 */
public final class RemoteProductLicenses implements ProductLicenses {

    private static final Logger log = LoggerFactory.getLogger(RemoteProductLicenses.class);

    private final RemoteProductCache cache;
    private final Duration bound;

    /**
     * @param cache the cache in front of the registry
     * @param bound longest wait for a look-up; past it the look-up is {@link ProductLookup.Unavailable}.
     *              A safety net: the loader has its own, shorter timeout.
     */
    public RemoteProductLicenses(RemoteProductCache cache, Duration bound) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.bound = Objects.requireNonNull(bound, "bound");
    }

    @Override
    public Mono<ProductLookup> lookup(Product product) {
        String id = product.id();
        // suppressCancel: the future is shared by every concurrent look-up of the id.
        return Mono.fromFuture(() -> cache.lookup(id), true)
                .timeout(bound, Mono.fromSupplier(() -> new ProductLookup.Unavailable(id,
                        new TimeoutException("no registry answer within " + bound))))
                .doOnNext(lookup -> {
                    if (lookup instanceof ProductLookup.Unavailable unavailable) {
                        log.warn("License registry unavailable for product {} and no cached license fresh enough: {}",
                                id, unavailable.cause().toString());
                    }
                });
    }

    @Override
    public String toString() {
        return "RemoteProductLicenses[" + cache + "]";
    }
}
