package io.aigw.gateway.license;

import io.aigw.filters.license.LicenseMode;
import io.aigw.filters.license.LicensePolicy;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The license policy of every mode, sharing zone, grace period, calendar and fail-open setting, plus
 * the global mode ({@code aigw.license.mode}) that routes use unless their filter names another.
 * Immutable and thread-safe.
 */
public final class LicensePolicies {

    private final LicensePolicy global;
    private final Map<LicenseMode, LicensePolicy> byMode = new EnumMap<>(LicenseMode.class);

    /** @param global the policy in the global mode; never null */
    public LicensePolicies(LicensePolicy global) {
        this.global = Objects.requireNonNull(global, "global");
        for (LicenseMode mode : LicenseMode.values()) {
            byMode.put(mode, global.withMode(mode));
        }
    }

    /** The policy in the global mode. */
    public LicensePolicy global() {
        return global;
    }

    /** The policy in {@code mode}, or the global one when {@code mode} is null. */
    public LicensePolicy forMode(LicenseMode mode) {
        return mode == null ? global : byMode.get(mode);
    }

    @Override
    public String toString() {
        return "LicensePolicies[global=" + global + "]";
    }
}
