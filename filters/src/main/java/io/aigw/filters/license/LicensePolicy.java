package io.aigw.filters.license;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Decides whether a product may be served a model at an instant. Immutable and thread-safe; the
 * decision depends only on its arguments and this configuration (time is passed in, never read).
 *
 * <h2>Order of checks</h2>
 * The first failing check gives the reason, so a client learns the most fundamental problem first:
 * <ol>
 *   <li><b>status</b>: {@code suspended} gives {@code license_suspended}, {@code revoked}
 *       {@code license_revoked}; {@code pending} gives {@code license_pending} except in
 *       {@link LicenseMode#GRACE} (below);</li>
 *   <li><b>validity dates</b>, when set: before {@code valid-from} gives {@code license_not_yet_valid},
 *       after {@code valid-until} {@code license_expired}. Both days are inclusive and "today" is the
 *       date of the request instant in the configured zone (default Asia/Shanghai);</li>
 *   <li><b>model</b>: no glob of {@code license.models} matches gives {@code model_not_licensed}.</li>
 * </ol>
 *
 * <h2>Grace</h2>
 * In {@link LicenseMode#GRACE} a pending product is served from its {@code launched-on} day through
 * the end of the {@code graceWorkingDays}-th working day after it. The launch day itself is not
 * counted, as the PRC Civil Code (art. 201) counts periods in days from the day after the start;
 * a period ending on a holiday therefore runs on to the next working day by construction. Outside
 * that window: {@code grace_period_expired} after it, {@code license_pending} before the launch day
 * or when {@code launched-on} is not set. Dates and models are then checked as for a licensed product.
 *
 * <h2>Monitor</h2>
 * {@link LicenseMode#MONITOR} allows everything and puts in {@link LicenseDecision#wouldDeny()} what
 * {@link LicenseMode#STRICT} would have denied.
 *
 * @param mode             never null
 * @param zone             the zone whose calendar dates licenses and grace periods use, never null
 * @param graceWorkingDays 0 to 365
 * @param calendar         working days for the grace period, never null
 * @param failOpen         whether to let requests through when a remote registry is unreachable and
 *                         its cached entry too stale ({@code aigw.license.fail-open}, default false)
 */
public record LicensePolicy(LicenseMode mode, ZoneId zone, int graceWorkingDays, WorkingDayCalendar calendar,
                            boolean failOpen) {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
    public static final int DEFAULT_GRACE_WORKING_DAYS = 10;
    private static final int MAX_GRACE_WORKING_DAYS = 365;

    /**
     * @throws NullPointerException     if {@code mode}, {@code zone} or {@code calendar} is null
     * @throws IllegalArgumentException if {@code graceWorkingDays} is outside 0..365
     */
    public LicensePolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(calendar, "calendar");
        if (graceWorkingDays < 0 || graceWorkingDays > MAX_GRACE_WORKING_DAYS) {
            throw new IllegalArgumentException("grace-working-days must be 0.." + MAX_GRACE_WORKING_DAYS + ": "
                    + graceWorkingDays);
        }
    }

    /** The defaults: strict, Asia/Shanghai, 10 working days, weekends only, fail-closed. */
    public static LicensePolicy defaults() {
        return new LicensePolicy(LicenseMode.STRICT, DEFAULT_ZONE, DEFAULT_GRACE_WORKING_DAYS,
                WorkingDayCalendar.weekendsOnly(), false);
    }

    /** A copy in another mode. */
    public LicensePolicy withMode(LicenseMode newMode) {
        return new LicensePolicy(newMode, zone, graceWorkingDays, calendar, failOpen);
    }

    /**
     * Checks {@code product} for {@code model} at {@code now}.
     *
     * @param model the requested model name; null or empty is never covered
     * @throws NullPointerException if {@code product} or {@code now} is null
     */
    public LicenseDecision decide(Product product, String model, Instant now) {
        Objects.requireNonNull(product, "product");
        LocalDate today = LocalDate.ofInstant(Objects.requireNonNull(now, "now"), zone);
        License license = product.license();
        LocalDate graceUntil = null;
        DenyReason reason = null;
        switch (license.status()) {
            case SUSPENDED:
                reason = DenyReason.LICENSE_SUSPENDED;
                break;
            case REVOKED:
                reason = DenyReason.LICENSE_REVOKED;
                break;
            case PENDING:
                if (mode == LicenseMode.GRACE && product.launchedOn() != null) {
                    graceUntil = calendar.addWorkingDays(product.launchedOn(), graceWorkingDays);
                    reason = today.isBefore(product.launchedOn()) ? DenyReason.LICENSE_PENDING
                            : today.isAfter(graceUntil) ? DenyReason.GRACE_PERIOD_EXPIRED : null;
                } else {
                    reason = DenyReason.LICENSE_PENDING;
                }
                break;
            case LICENSED:
                break;
            default:
                throw new IllegalStateException("unhandled status " + license.status());
        }
        if (reason == null) {
            reason = datesAndModel(license, model, today);
        }
        return conclude(reason, product.id(), model, graceUntil);
    }

    /**
     * The decision for a product id the registry does not know: {@code product_unlicensed}
     * (allowed with {@code wouldDeny} in {@link LicenseMode#MONITOR}).
     */
    public LicenseDecision decideUnknownProduct(String productId, String model) {
        return conclude(DenyReason.PRODUCT_UNLICENSED, productId, model, null);
    }

    /**
     * The decision when a remote registry could not be reached and the cache had no entry fresh
     * enough: denied with {@code license_registry_unavailable}, unless {@link #failOpen()} (then
     * allowed with {@link LicenseDecision#failedOpen()}) or {@link LicenseMode#MONITOR}.
     */
    public LicenseDecision decideRegistryUnavailable(String productId, String model) {
        if (failOpen && mode != LicenseMode.MONITOR) {
            return new LicenseDecision(true, null, DenyReason.LICENSE_REGISTRY_UNAVAILABLE, productId, model,
                    mode, true, null);
        }
        return conclude(DenyReason.LICENSE_REGISTRY_UNAVAILABLE, productId, model, null);
    }

    /**
     * Decides on the result of a remote look-up: {@link #decide}, {@link #decideUnknownProduct} or
     * {@link #decideRegistryUnavailable} according to its kind.
     */
    public LicenseDecision decide(ProductLookup lookup, String model, Instant now) {
        Objects.requireNonNull(lookup, "lookup");
        if (lookup instanceof ProductLookup.Found found) {
            return decide(found.product(), model, now);
        }
        if (lookup instanceof ProductLookup.NotFound) {
            return decideUnknownProduct(lookup.productId(), model);
        }
        return decideRegistryUnavailable(lookup.productId(), model);
    }

    private static DenyReason datesAndModel(License license, String model, LocalDate today) {
        if (license.validFrom() != null && today.isBefore(license.validFrom())) {
            return DenyReason.LICENSE_NOT_YET_VALID;
        }
        if (license.validUntil() != null && today.isAfter(license.validUntil())) {
            return DenyReason.LICENSE_EXPIRED;
        }
        if (!license.coversModel(model)) {
            return DenyReason.MODEL_NOT_LICENSED;
        }
        return null;
    }

    private LicenseDecision conclude(DenyReason reason, String productId, String model, LocalDate graceUntil) {
        if (reason == null) {
            return new LicenseDecision(true, null, null, productId, model, mode, false, graceUntil);
        }
        if (mode == LicenseMode.MONITOR) {
            return new LicenseDecision(true, null, reason, productId, model, mode, false, graceUntil);
        }
        return new LicenseDecision(false, reason, null, productId, model, mode, false, graceUntil);
    }
}
