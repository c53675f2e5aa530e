package io.aigw.filters.license;

import java.time.Duration;
import java.util.Objects;

/**
 * The result of looking a product up in a remote registry: found, known not to exist, or unknown
 * because the registry could not be reached. Immutable.
 */
public sealed interface ProductLookup permits ProductLookup.Found, ProductLookup.NotFound,
        ProductLookup.Unavailable {

    /** The id that was looked up. */
    String productId();

    /**
     * @param product the product, never null
     * @param age     how long ago the registry last confirmed it: beyond the refresh interval it means
     *                the registry is failing and a cached copy is being served
     */
    record Found(Product product, Duration age) implements ProductLookup {
        public Found {
            Objects.requireNonNull(product, "product");
            Objects.requireNonNull(age, "age");
        }

        @Override
        public String productId() {
            return product.id();
        }
    }

    /** The registry answered that it has no such product. */
    record NotFound(String productId) implements ProductLookup {
    }

    /**
     * The registry could not be asked and no cached entry was fresh enough.
     *
     * @param cause what went wrong, never null
     */
    record Unavailable(String productId, Throwable cause) implements ProductLookup {
        public Unavailable {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
