package io.aigw.gateway.products;

import io.aigw.filters.license.Product;
import io.aigw.filters.license.ProductRegistry;
import io.aigw.gateway.config.AigwProperties;
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

    public ProductRegistryHolder(AigwProperties properties) {
        ProductRegistry registry = ProductRegistry.load(properties.products().file());
        log.info("Loaded {} product(s) from {}", registry.products().size(), properties.products().file());
        this.current = new AtomicReference<>(registry);
    }

    /** The product whose key is {@code presentedKey}, if any. */
    public Optional<Product> findByApiKey(String presentedKey) {
        return current.get().findByApiKey(presentedKey);
    }

    public ProductRegistry current() {
        return current.get();
    }

    /** Serves {@code registry} from now on. */
    public void replace(ProductRegistry registry) {
        current.set(registry);
    }
}
