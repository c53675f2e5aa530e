package io.aigw.gateway.products;

import io.aigw.filters.license.Product;
import io.aigw.filters.license.ProductRegistry;
import io.aigw.gateway.config.AigwProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The product registry currently serving. Loaded once at start-up from {@code aigw.products.file}
 * (an invalid file stops the gateway with a message naming file, line and value); {@link #replace}
 * swaps in a new registry atomically, so look-ups never see a half-loaded one. Thread-safe.
 */
@Component
public class ProductRegistryHolder {

    private static final Logger log = LoggerFactory.getLogger(ProductRegistryHolder.class);

    private final AtomicReference<ProductRegistry> current;
    private final List<ProductRegistryValidator> validators;

    /**
     * @throws IllegalArgumentException naming the file when it is invalid or a validator rejects it
     */
    public ProductRegistryHolder(AigwProperties properties, List<ProductRegistryValidator> validators) {
        this.validators = List.copyOf(validators);
        Path file = properties.products().file();
        ProductRegistry registry = ProductRegistry.load(file);
        validate(registry, file.toString());
        log.info("Loaded {} product(s) from {}", registry.products().size(), file);
        this.current = new AtomicReference<>(registry);
    }

    /** The product whose key is {@code presentedKey}, if any. */
    public Optional<Product> findByApiKey(String presentedKey) {
        return current.get().findByApiKey(presentedKey);
    }

    public ProductRegistry current() {
        return current.get();
    }

    /**
     * Serves {@code registry} from now on, once the validators accept it.
     *
     * @param source names the registry in messages, for example its file
     * @throws IllegalArgumentException naming {@code source} when a validator rejects it; the previous
     *     registry keeps serving
     */
    public void replace(ProductRegistry registry, String source) {
        validate(registry, source);
        current.set(registry);
    }

    private void validate(ProductRegistry registry, String source) {
        for (ProductRegistryValidator validator : validators) {
            try {
                validator.validate(registry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
            }
        }
    }
}
