package io.aigw.filters.license;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * A cache of remote registry look-ups in front of a {@link ProductLoader}, on Caffeine.
 *
 * <ul>
 *   <li>Each entry (a product, or the registry's "no such product") is refreshed in the background
 *       once it is older than {@code refreshAfter}: the request that notices keeps the cached answer
 *       and does not wait, later requests see the new one.</li>
 *   <li>A failed refresh keeps the cached answer, so an outage is bridged for as long as the entry
 *       is younger than {@code maxStaleness}, counted from the registry's last successful answer.
 *       After that the entry expires and the next look-up goes to the registry; if that fails
 *       too the result is {@link ProductLookup.Unavailable}, which {@link LicensePolicy} denies
 *       (fail-closed) unless configured to fail open.</li>
 *   <li>Failures are not cached: every look-up of a missing entry asks the registry again, so the
 *       caller should put a circuit breaker inside the loader.</li>
 *   <li>Concurrent look-ups of the same id share one load.</li>
 * </ul>
 * Time comes from the injected {@link Ticker}. Thread-safe.
 */
public final class RemoteProductCache {

    public static final Duration DEFAULT_REFRESH_AFTER = Duration.ofMinutes(1);
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofMinutes(15);
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

    private final AsyncLoadingCache<String, Optional<Product>> cache;
    private final Duration refreshAfter;
    private final Duration maxStaleness;

    private RemoteProductCache(Builder builder) {
        this.refreshAfter = builder.refreshAfter;
        this.maxStaleness = builder.maxStaleness;
        ProductLoader loader = builder.loader;
        this.cache = Caffeine.newBuilder()
                .maximumSize(builder.maximumSize)
                .refreshAfterWrite(refreshAfter)
                .expireAfterWrite(maxStaleness)
                .ticker(builder.ticker)
                .executor(builder.executor)
                .buildAsync((id, executor) -> safeLoad(loader, id));
    }

    /** A builder around {@code loader}, with the defaults above and the system ticker. */
    public static Builder builder(ProductLoader loader) {
        return new Builder(loader);
    }

    /**
     * Looks {@code productId} up, from the cache when it holds an answer younger than
     * {@code maxStaleness}, else from the registry.
     *
     * @return a future that never completes exceptionally: failures become
     *         {@link ProductLookup.Unavailable}; it may stay incomplete as long as the loader's
     *         future does, so the caller bounds it with its own timeout
     * @throws NullPointerException if {@code productId} is null
     */
    public CompletableFuture<ProductLookup> lookup(String productId) {
        Objects.requireNonNull(productId, "productId");
        return cache.get(productId).handle((answer, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                return new ProductLookup.Unavailable(productId, cause);
            }
            if (answer == null) {
                return new ProductLookup.Unavailable(productId,
                        new NullPointerException("ProductLoader completed with null instead of an Optional"));
            }
            if (answer.isEmpty()) {
                return new ProductLookup.NotFound(productId);
            }
            return new ProductLookup.Found(answer.get(), age(productId));
        });
    }

    /** Drops the cached answer for {@code productId}, e.g. when an operator revokes a license. */
    public void invalidate(String productId) {
        cache.synchronous().invalidate(productId);
    }

    /** Drops every cached answer. */
    public void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    /** Number of cached answers (approximate, as in Caffeine). */
    public long size() {
        return cache.synchronous().estimatedSize();
    }

    /** A loader that throws or returns null becomes a failed load, so {@link #lookup} never throws. */
    private static CompletableFuture<Optional<Product>> safeLoad(ProductLoader loader, String id) {
        try {
            CompletableFuture<Optional<Product>> future = loader.load(id);
            return future != null ? future
                    : CompletableFuture.failedFuture(new NullPointerException("ProductLoader returned a null future"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Duration age(String productId) {
        return cache.synchronous().policy().expireAfterWrite()
                .flatMap(expiry -> expiry.ageOf(productId))
                .orElse(Duration.ZERO);
    }

    @Override
    public String toString() {
        return "RemoteProductCache[refreshAfter=" + refreshAfter + ", maxStaleness=" + maxStaleness + "]";
    }

    /** Validating builder; not thread-safe. */
    public static final class Builder {
        private final ProductLoader loader;
        private Duration refreshAfter = DEFAULT_REFRESH_AFTER;
        private Duration maxStaleness = DEFAULT_MAX_STALENESS;
        private long maximumSize = DEFAULT_MAXIMUM_SIZE;
        private Ticker ticker = Ticker.systemTicker();
        private Executor executor = ForkJoinPool.commonPool();

        private Builder(ProductLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
        }

        /** How old an answer gets before it is refreshed in the background; positive. */
        public Builder refreshAfter(Duration value) {
            this.refreshAfter = positive("refreshAfter", value);
            return this;
        }

        /** The oldest answer served while the registry fails ({@code aigw.license.max-staleness}); positive. */
        public Builder maxStaleness(Duration value) {
            this.maxStaleness = positive("maxStaleness", value);
            return this;
        }

        /** The most products kept; positive. */
        public Builder maximumSize(long value) {
            if (value <= 0) {
                throw new IllegalArgumentException("maximumSize must be positive: " + value);
            }
            this.maximumSize = value;
            return this;
        }

        /** The time source (tests use a fake one). */
        public Builder ticker(Ticker value) {
            this.ticker = Objects.requireNonNull(value, "ticker");
            return this;
        }

        /** Runs Caffeine's maintenance and completion work (tests use {@code Runnable::run}). */
        public Builder executor(Executor value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /** @throws IllegalArgumentException if {@code refreshAfter} is not shorter than {@code maxStaleness} */
        public RemoteProductCache build() {
            if (refreshAfter.compareTo(maxStaleness) >= 0) {
                throw new IllegalArgumentException("refreshAfter " + refreshAfter
                        + " must be shorter than maxStaleness " + maxStaleness);
            }
            return new RemoteProductCache(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
