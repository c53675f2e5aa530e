package io.aigw.gateway.label;

import io.aigw.filters.license.Product;
import io.aigw.filters.license.ProductRegistry;
import io.aigw.gateway.products.ProductRegistryValidator;

/**
 * Refuses a product registry in which a product opts out of the explicit label
 * ({@code label.explicit-opt-out}) while the audit log is kept less than six months
 * ({@code aigw.audit.retention-days} below {@value #MIN_DAYS}): the labeling Measures (Art. 9) allow
 * unlabeled delivery only with the logs kept at least that long. Thread-safe.
 */
final class OptOutRetentionCheck implements ProductRegistryValidator {

    /** Six months, at their shortest. */
    static final int MIN_DAYS = 180;

    private final int retentionDays;

    OptOutRetentionCheck(int retentionDays) {
        this.retentionDays = retentionDays;
    }

    @Override
    public void validate(ProductRegistry registry) {
        if (retentionDays >= MIN_DAYS) {
            return;
        }
        for (Product product : registry.products()) {
            if (product.label() != null && product.label().explicitOptOut() != null) {
                throw new IllegalArgumentException("product '" + product.id() + "': label: explicit-opt-out needs the audit log kept "
                        + "at least six months, but aigw.audit.retention-days is " + retentionDays + " (set it to " + MIN_DAYS
                        + " or more)");
            }
        }
    }
}
