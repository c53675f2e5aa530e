package io.aigw.filters.quota;

import io.aigw.filters.model.ModelGlob;
import java.util.Objects;

/**
 * The limits of the models matching one glob of a product's {@code quota.models}, shared by all of them.
 *
 * @param glob a model glob as in licenses ({@code gpt-4o*})
 * @param limits the limits, on top of the product's own
 */
public record ModelQuota(String glob, QuotaLimits limits) {

    public ModelQuota {
        Objects.requireNonNull(glob, "glob");
        Objects.requireNonNull(limits, "limits");
    }

    boolean matches(String model) {
        return ModelGlob.matches(glob, model);
    }
}
