package io.aigw.gateway.label;

import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.label.LabelPosition;
import io.aigw.filters.label.LabelSettings;
import io.aigw.filters.license.LabelOverride;
import io.aigw.filters.license.Product;
import io.aigw.filters.license.ProductRegistry;
import io.aigw.gateway.products.ProductRegistryValidator;
import java.util.Objects;

/**
 * The product layer of the label settings ({@code label:} in products.yaml), and the registry check
 * that every product's label resolves to a compliant one. Thread-safe.
 */
final class ProductLabels implements ProductRegistryValidator {

    private final LabelConfig config;

    ProductLabels(LabelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * The label settings of a product's override.
     *
     * @param override the override, or {@code null}
     * @return the layer, {@link LabelSettings#INHERIT} when {@code override} is null
     * @throws IllegalArgumentException naming the value when the locale is blank or the text fails
     *     the wording rule
     */
    static LabelSettings settingsOf(LabelOverride override) {
        if (override == null) {
            return LabelSettings.INHERIT;
        }
        LabelPosition position = override.position() == null ? null : LabelPosition.parse(override.position());
        return new LabelSettings(override.locale(), position, override.text());
    }

    /** Checks that each product's label resolves over the global settings, naming the product otherwise. */
    @Override
    public void validate(ProductRegistry registry) {
        for (Product product : registry.products()) {
            try {
                config.resolve(null, settingsOf(product.label()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("product '" + product.id() + "': label: " + e.getMessage(), e);
            }
        }
    }
}
