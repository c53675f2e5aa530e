package io.aigw.filters.license;

/**
 * Why a license check denies a request, with the wire code clients see as the OpenAI error
 * {@code code} and audit readers see in the audit line.
 */
public enum DenyReason {
    /** The product is not in the registry (e.g. a remote registry knows no such id). */
    PRODUCT_UNLICENSED("product_unlicensed"),
    /** The license is pending and the mode is {@link LicenseMode#STRICT}, or no grace applies. */
    LICENSE_PENDING("license_pending"),
    LICENSE_SUSPENDED("license_suspended"),
    LICENSE_REVOKED("license_revoked"),
    /** The request falls before {@link License#validFrom()}. */
    LICENSE_NOT_YET_VALID("license_not_yet_valid"),
    /** The request falls after {@link License#validUntil()}. */
    LICENSE_EXPIRED("license_expired"),
    /** No glob of {@link License#models()} matches the requested model. */
    MODEL_NOT_LICENSED("model_not_licensed"),
    /** A pending product in {@link LicenseMode#GRACE} mode, past its grace period. */
    GRACE_PERIOD_EXPIRED("grace_period_expired"),
    /**
     * Not a license verdict: a remote registry could not be reached and no cached entry was fresh
     * enough, so the license could not be verified (fail-closed). An addition to the original contract's list of
     * codes (docs/contract.md, "Differences from the original contract"); callers should answer 503
     * rather than 403, since the client did nothing wrong.
     */
    LICENSE_REGISTRY_UNAVAILABLE("license_registry_unavailable");

    private final String code;

    DenyReason(String code) {
        this.code = code;
    }

    /** The wire code, e.g. {@code license_expired}. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
