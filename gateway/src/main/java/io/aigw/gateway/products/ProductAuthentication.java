package io.aigw.gateway.products;

import io.aigw.filters.license.Product;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;

/**
 * Who a request speaks for: the product of its key, or why there is none. A request that presents
 * keys in both {@code Authorization: Bearer} and {@code x-api-key} is accepted only when both keys
 * belong to the same product (the same key twice, typically); keys of two products, or a known key
 * next to an unknown one, are refused rather than guessed between. So is a request with two
 * {@code Authorization} or two {@code x-api-key} headers: a proxy in front may read another one than
 * the gateway does.
 *
 * @param product the authenticated product, or null when refused
 * @param failure why the request is refused (for the 401 message), or null when authenticated
 */
public record ProductAuthentication(Product product, String failure) {

    /**
     * Authenticates the keys in {@code headers}.
     *
     * @param lookup finds the product of a key; must not return null
     */
    public static ProductAuthentication of(HttpHeaders headers, Function<String, Optional<Product>> lookup) {
        String repeated = ApiKeys.repeatedHeader(headers);
        if (repeated != null) {
            return refused("more than one " + repeated + " header; send one key in one header");
        }
        List<String> keys = ApiKeys.allPresented(headers);
        if (keys.isEmpty()) {
            return refused("missing API key");
        }
        Product found = null;
        for (String key : keys) {
            Optional<Product> product = lookup.apply(key);
            if (product.isEmpty()) {
                return refused(keys.size() == 1 ? "invalid API key" : "Authorization and x-api-key carry different keys, one of them invalid");
            }
            if (found != null && !found.id().equals(product.get().id())) {
                return refused("Authorization and x-api-key carry keys of different products; send one key");
            }
            found = product.get();
        }
        return new ProductAuthentication(found, null);
    }

    private static ProductAuthentication refused(String failure) {
        return new ProductAuthentication(null, Objects.requireNonNull(failure));
    }

    /** The product, when authenticated. */
    public Optional<Product> authenticated() {
        return Optional.ofNullable(product);
    }
}
