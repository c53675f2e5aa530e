package io.aigw.filters.license;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The outcome of a license check. Immutable and thread-safe.
 *
 * @param allowed    whether the request may proceed
 * @param reason     why it is denied; null exactly when {@code allowed}
 * @param wouldDeny  for an allowed request, the reason it would have been denied if it was let
 *                   through anyway ({@link LicenseMode#MONITOR}, or fail-open on an unreachable
 *                   registry); null otherwise. Audit and metrics should record it.
 * @param productId  the product checked; null only when the caller had none
 * @param model      the requested model, as given (may be null)
 * @param mode       the mode the policy ran in, never null
 * @param failedOpen true when the request is allowed only because the registry was unreachable and
 *                   {@code aigw.license.fail-open} is on: the caller should log this loudly
 * @param graceUntil for a pending product checked in {@link LicenseMode#GRACE}, the last day of its
 *                   grace period (in the policy's zone); null otherwise
 * @throws IllegalArgumentException if the components contradict each other
 */
public record LicenseDecision(boolean allowed, DenyReason reason, DenyReason wouldDeny, String productId,
                              String model, LicenseMode mode, boolean failedOpen, LocalDate graceUntil) {

    public LicenseDecision {
        Objects.requireNonNull(mode, "mode");
        if (allowed == (reason != null)) {
            throw new IllegalArgumentException("a reason is required exactly when denied: allowed=" + allowed
                    + ", reason=" + reason);
        }
        if (!allowed && wouldDeny != null) {
            throw new IllegalArgumentException("wouldDeny is for allowed decisions only: " + wouldDeny);
        }
        if (failedOpen && (!allowed || wouldDeny != DenyReason.LICENSE_REGISTRY_UNAVAILABLE)) {
            throw new IllegalArgumentException("failedOpen needs an allowed decision with wouldDeny="
                    + DenyReason.LICENSE_REGISTRY_UNAVAILABLE);
        }
    }

    /** Whether this decision records a problem: a denial, or an allowed request that would have been denied. */
    public boolean flagged() {
        return reason != null || wouldDeny != null;
    }

    /** The reason to record: {@link #reason()} when denied, {@link #wouldDeny()} when let through, else null. */
    public DenyReason recordedReason() {
        return reason != null ? reason : wouldDeny;
    }
}
