package io.aigw.filters.license;

import io.aigw.filters.model.ModelGlob;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A product's license as recorded in the registry. Immutable and thread-safe.
 *
 * @param status     never null
 * @param number     the filing or registration number; null when none was given (e.g. while pending)
 * @param validFrom  first valid day, inclusive, in the policy's zone; null means no lower bound
 * @param validUntil last valid day, inclusive, in the policy's zone; null means no upper bound
 * @param models     globs over the requested model name (see {@link ModelGlob}); never null, copied,
 *                   empty means no model is covered
 * @throws NullPointerException     if {@code status} or {@code models} or an element is null
 * @throws IllegalArgumentException if a glob is blank or {@code validFrom} is after {@code validUntil}
 */
public record License(LicenseStatus status, String number, LocalDate validFrom, LocalDate validUntil,
                      List<String> models) {

    public License {
        Objects.requireNonNull(status, "status");
        models = List.copyOf(Objects.requireNonNull(models, "models"));
        for (String glob : models) {
            if (glob.isBlank()) {
                throw new IllegalArgumentException("blank model glob: '" + glob + "'");
            }
        }
        if (validFrom != null && validUntil != null && validFrom.isAfter(validUntil)) {
            throw new IllegalArgumentException(
                    "valid-from " + validFrom + " is after valid-until " + validUntil);
        }
    }

    /** Whether one of the globs matches {@code model} (case sensitive); false for a null or empty model. */
    public boolean coversModel(String model) {
        if (model == null || model.isEmpty()) {
            return false;
        }
        for (String glob : models) {
            if (ModelGlob.matches(glob, model)) {
                return true;
            }
        }
        return false;
    }
}
