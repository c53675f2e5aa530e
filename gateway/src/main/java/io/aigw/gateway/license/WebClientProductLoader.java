package io.aigw.gateway.license;

import io.aigw.filters.license.Product;
import io.aigw.filters.license.ProductLoader;
import io.aigw.filters.license.ProductRegistry;
import io.aigw.filters.license.RegistryException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Fetches one product from a remote registry with a non-blocking {@link WebClient}:
 * {@code GET <url with {id} replaced>} answering the product as JSON with the keys of a products-file
 * entry. 200 gives the product, 404 "no such product"; anything else, an invalid product, an answer for
 * another id, a refused connection or no answer within {@code timeout} fails the load. Every call is
 * bounded by the timeout and guarded by the circuit breaker, which counts those failures (404 is a
 * success) and, while open, fails loads at once without calling the registry. Thread-safe.
 */
public final class WebClientProductLoader implements ProductLoader {

    /** Largest product document accepted, so a broken registry cannot make the gateway buffer much. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private final WebClient client;
    private final String urlTemplate;
    private final Duration timeout;
    private final CircuitBreaker breaker;

    /**
     * @param urlTemplate the registry URL with an {@code {id}} placeholder, e.g. {@code http://registry/products/{id}}
     * @param timeout     longest wait for one answer, positive
     * @param breaker     the breaker guarding the registry
     * @throws IllegalArgumentException if the template has no {@code {id}} or is not http(s), or the timeout is not positive
     */
    public WebClientProductLoader(String urlTemplate, Duration timeout, CircuitBreaker breaker) {
        this.urlTemplate = checkTemplate(urlTemplate);
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("aigw.license.timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.client = WebClient.builder()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES))
                .build();
    }

    private static String checkTemplate(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("aigw.license.url is required when aigw.license.source is http");
        }
        if (!text.contains("{id}") || !(text.startsWith("http://") || text.startsWith("https://"))) {
            throw new IllegalArgumentException(
                    "aigw.license.url must be an http(s) URL with an {id} placeholder: '" + text + "'");
        }
        return text;
    }

    @Override
    public CompletableFuture<Optional<Product>> load(String productId) {
        URI uri = UriComponentsBuilder.fromUriString(urlTemplate).buildAndExpand(Map.of("id", productId)).encode().toUri();
        return client.get().uri(uri)
                .accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> {
                    if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
                        return response.releaseBody().then(Mono.just(Optional.<Product>empty()));
                    }
                    if (!response.statusCode().is2xxSuccessful()) {
                        return response.releaseBody().then(Mono.error(new RegistryUnavailableException(
                                uri + " answered " + response.statusCode().value())));
                    }
                    return response.bodyToMono(String.class)
                            .switchIfEmpty(Mono.error(new RegistryUnavailableException(uri + " answered an empty body")))
                            .map(json -> Optional.of(product(json, uri, productId)));
                })
                .timeout(timeout)
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .toFuture();
    }

    private static Product product(String json, URI uri, String productId) {
        Product product;
        try {
            product = ProductRegistry.parseProductJson(json, uri.toString());
        } catch (RegistryException e) {
            throw new RegistryUnavailableException("unusable product: " + e.getMessage(), e);
        }
        if (!product.id().equals(productId)) {
            throw new RegistryUnavailableException(uri + " answered product '" + product.id() + "' for id '" + productId + "'");
        }
        return product;
    }

    @Override
    public String toString() {
        return "WebClientProductLoader[url=" + urlTemplate + ", timeout=" + timeout + ", breaker=" + breaker.getName() + "]";
    }

    /** The registry gave no usable answer. */
    static final class RegistryUnavailableException extends RuntimeException {
        RegistryUnavailableException(String message) {
            super(message);
        }

        RegistryUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
