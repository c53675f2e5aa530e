package io.aigw.filters.license;

import java.util.Locale;
import java.util.Optional;

/** The state of a product's license (filing / registration) as recorded in the product registry. */
public enum LicenseStatus {
    /** Filed or registered: served in every mode, inside the validity dates, for covered models. */
    LICENSED,
    /** Registration under way: served only in {@link LicenseMode#GRACE}, within the grace period. */
    PENDING,
    /** Temporarily withdrawn: never served (except recorded-only in {@link LicenseMode#MONITOR}). */
    SUSPENDED,
    /** Permanently withdrawn: never served (except recorded-only in {@link LicenseMode#MONITOR}). */
    REVOKED;

    /** The registry spelling: {@code licensed}, {@code pending}, {@code suspended}, {@code revoked}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the registry spelling (exact, lower case).
     *
     * @return the status, or empty when {@code text} is null or not one of the four names
     */
    public static Optional<LicenseStatus> fromWireName(String text) {
        for (LicenseStatus status : values()) {
            if (status.wireName().equals(text)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
