package io.aigw.filters.license;

import java.util.Locale;
import java.util.Optional;

/** How strictly licenses are enforced ({@code aigw.license.mode}). */
public enum LicenseMode {
    /** Serve only licensed products, inside the validity dates, for a covered model (the default). */
    STRICT,
    /** As {@link #STRICT}, and also serve pending products for a number of working days after launch. */
    GRACE,
    /** Never block; record in the decision what {@link #STRICT} would have denied. */
    MONITOR;

    /** The configuration spelling: {@code strict}, {@code grace}, {@code monitor}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the configuration spelling, ignoring case; empty when null or unknown. */
    public static Optional<LicenseMode> fromWireName(String text) {
        for (LicenseMode mode : values()) {
            if (mode.wireName().equalsIgnoreCase(text)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
