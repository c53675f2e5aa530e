package io.aigw.filters.quota;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code quota:} of a product in {@code products.yaml}: limits for the product as a whole and,
 * optionally, per model glob. A request is admitted only when the product's scope and the first model
 * entry matching its model both admit it. Immutable.
 *
 * @param limits the product's own limits (may be empty when only models are limited)
 * @param models model entries in file order; the first whose glob matches the requested model applies
 */
public record ProductQuota(QuotaLimits limits, List<ModelQuota> models) {

    public ProductQuota {
        Objects.requireNonNull(limits, "limits");
        models = List.copyOf(models);
    }

    /** The scopes that apply to a request of {@code productId} for {@code model}, product scope first; empty scopes left out. */
    public List<QuotaScope> scopes(String productId, String model) {
        List<QuotaScope> scopes = new ArrayList<>(2);
        if (!limits.isEmpty()) {
            scopes.add(new QuotaScope("{" + productId + "}", limits));
        }
        for (ModelQuota entry : models) {
            if (entry.matches(model)) {
                scopes.add(new QuotaScope("{" + productId + "}|" + entry.glob(), entry.limits()));
                break;
            }
        }
        return scopes;
    }

    /** The rate buckets of {@code scopes}, in order. */
    public static List<QuotaBucket> buckets(List<QuotaScope> scopes) {
        List<QuotaBucket> buckets = new ArrayList<>();
        for (QuotaScope scope : scopes) {
            buckets.addAll(scope.limits().buckets(scope.key()));
        }
        return buckets;
    }
}
