package io.aigw.filters.license;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/** Which of the gateway's upstream models a product may use, for {@code GET /v1/models}. */
public final class LicensedModels {

    private LicensedModels() {
    }

    /**
     * The models of {@code upstreamModels} that the product's license globs cover, in the given
     * order, without duplicates. Ignores status and dates.
     *
     * @throws NullPointerException if an argument or a model name is null
     */
    public static List<String> covered(Product product, List<String> upstreamModels) {
        Objects.requireNonNull(product, "product");
        var out = new LinkedHashSet<String>();
        for (String model : upstreamModels) {
            if (product.license().coversModel(Objects.requireNonNull(model, "model"))) {
                out.add(model);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The models of {@code upstreamModels} that {@code policy} would let the product use at
     * {@code now}: empty for a suspended or expired product, everything in
     * {@link LicenseMode#MONITOR}.
     */
    public static List<String> servable(LicensePolicy policy, Product product, List<String> upstreamModels,
                                        Instant now) {
        Objects.requireNonNull(policy, "policy");
        var out = new LinkedHashSet<String>();
        for (String model : upstreamModels) {
            if (policy.decide(product, Objects.requireNonNull(model, "model"), now).allowed()) {
                out.add(model);
            }
        }
        return List.copyOf(out);
    }
}
