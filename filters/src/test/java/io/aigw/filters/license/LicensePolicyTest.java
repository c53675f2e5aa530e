package io.aigw.filters.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class LicensePolicyTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final LicensePolicy STRICT = LicensePolicy.defaults();
    static final LicensePolicy GRACE = new LicensePolicy(LicenseMode.GRACE, SHANGHAI, 10,
            WorkingDayCalendarTest.NATIONAL_DAY_2026, false);
    static final LicensePolicy MONITOR = STRICT.withMode(LicenseMode.MONITOR);

    /** Noon in Shanghai on {@code isoDate}. */
    static Instant noon(String isoDate) {
        return shanghai(isoDate + "T12:00");
    }

    static Instant shanghai(String isoDateTime) {
        return LocalDateTime.parse(isoDateTime).atZone(SHANGHAI).toInstant();
    }

    static Product product(LicenseStatus status, String from, String until, String launchedOn, String... models) {
        return new Product("acme-chat", "Acme Chat", "Acme Ltd", "001191110102MAD55U9H0F10002",
                List.of(ProductRegistry.hashKey("k")), launchedOn == null ? null : LocalDate.parse(launchedOn),
                new License(status, "N-1", from == null ? null : LocalDate.parse(from),
                        until == null ? null : LocalDate.parse(until), List.of(models)),
                null);
    }

    static Product licensed() {
        return product(LicenseStatus.LICENSED, "2026-01-01", "2027-12-31", "2026-11-02", "gpt-4o*", "qwen-*");
    }

    static Product pending(String launchedOn) {
        return product(LicenseStatus.PENDING, null, null, launchedOn, "gpt-4o*");
    }

    @Test
    void defaultsAreStrictShanghaiTenWorkingDaysFailClosed() {
        assertThat(STRICT.mode()).isEqualTo(LicenseMode.STRICT);
        assertThat(STRICT.zone()).isEqualTo(SHANGHAI);
        assertThat(STRICT.graceWorkingDays()).isEqualTo(10);
        assertThat(STRICT.failOpen()).isFalse();
    }

    @Test
    void licensedProductInsideItsDatesIsAllowed() {
        LicenseDecision decision = STRICT.decide(licensed(), "gpt-4o-mini", noon("2026-11-24"));

        assertThat(decision).isEqualTo(new LicenseDecision(true, null, null, "acme-chat", "gpt-4o-mini",
                LicenseMode.STRICT, false, null));
        assertThat(decision.flagged()).isFalse();
        assertThat(decision.recordedReason()).isNull();
    }

    /** Every status in every validity window, strict mode, a covered model. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "LICENSED,  2025-12-31, license_not_yet_valid",
            "LICENSED,  2026-06-01, ",
            "LICENSED,  2028-01-01, license_expired",
            "PENDING,   2025-12-31, license_pending",
            "PENDING,   2026-06-01, license_pending",
            "PENDING,   2028-01-01, license_pending",
            "SUSPENDED, 2025-12-31, license_suspended",
            "SUSPENDED, 2026-06-01, license_suspended",
            "SUSPENDED, 2028-01-01, license_suspended",
            "REVOKED,   2025-12-31, license_revoked",
            "REVOKED,   2026-06-01, license_revoked",
            "REVOKED,   2028-01-01, license_revoked",
    })
    void statusIsCheckedBeforeDates(LicenseStatus status, String day, String expectedCode) {
        Product product = product(status, "2026-01-01", "2027-12-31", "2026-01-01", "gpt-4o*");

        LicenseDecision decision = STRICT.decide(product, "gpt-4o", noon(day));

        assertThat(decision.allowed()).isEqualTo(expectedCode == null);
        assertThat(decision.reason() == null ? null : decision.reason().code()).isEqualTo(expectedCode);
    }

    @Test
    void datesAreCheckedBeforeTheModel() {
        assertThat(STRICT.decide(licensed(), "claude-3", noon("2028-01-01")).reason())
                .isEqualTo(DenyReason.LICENSE_EXPIRED);
        assertThat(STRICT.decide(licensed(), "claude-3", noon("2025-06-01")).reason())
                .isEqualTo(DenyReason.LICENSE_NOT_YET_VALID);
        assertThat(STRICT.decide(licensed(), "claude-3", noon("2026-06-01")).reason())
                .isEqualTo(DenyReason.MODEL_NOT_LICENSED);
    }

    @Test
    void modelMustMatchAGlob() {
        Product p = licensed();
        Instant now = noon("2026-06-01");
        assertThat(STRICT.decide(p, "qwen-max", now).allowed()).isTrue();
        assertThat(STRICT.decide(p, "gpt-4", now).reason()).isEqualTo(DenyReason.MODEL_NOT_LICENSED);
        assertThat(STRICT.decide(p, "", now).reason()).isEqualTo(DenyReason.MODEL_NOT_LICENSED);
        assertThat(STRICT.decide(p, null, now).reason()).isEqualTo(DenyReason.MODEL_NOT_LICENSED);
        Product noModels = product(LicenseStatus.LICENSED, null, null, null);
        assertThat(STRICT.decide(noModels, "gpt-4o", now).reason()).isEqualTo(DenyReason.MODEL_NOT_LICENSED);
        Product everything = product(LicenseStatus.LICENSED, null, null, null, "*");
        assertThat(STRICT.decide(everything, "", now).reason()).isEqualTo(DenyReason.MODEL_NOT_LICENSED);
    }

    @Test
    void openEndedDatesHaveNoBound() {
        Product p = product(LicenseStatus.LICENSED, null, null, null, "*");
        assertThat(STRICT.decide(p, "m", Instant.parse("1990-01-01T00:00:00Z")).allowed()).isTrue();
        assertThat(STRICT.decide(p, "m", Instant.parse("2999-01-01T00:00:00Z")).allowed()).isTrue();
    }

    @Test
    void validUntilIsInclusiveToMidnightInTheConfiguredZone() {
        Product p = licensed();
        Instant lastMinute = shanghai("2027-12-31T23:59:59");
        Instant midnight = shanghai("2028-01-01T00:00");

        assertThat(lastMinute).isEqualTo(Instant.parse("2027-12-31T15:59:59Z"));
        assertThat(STRICT.decide(p, "gpt-4o", lastMinute).allowed()).isTrue();
        assertThat(midnight).isEqualTo(Instant.parse("2027-12-31T16:00:00Z")); // still 2027-12-31 in UTC
        assertThat(STRICT.decide(p, "gpt-4o", midnight).reason()).isEqualTo(DenyReason.LICENSE_EXPIRED);
    }

    @Test
    void validFromIsInclusiveFromMidnightInTheConfiguredZone() {
        Product p = licensed();
        assertThat(STRICT.decide(p, "gpt-4o", shanghai("2025-12-31T23:59:59")).reason())
                .isEqualTo(DenyReason.LICENSE_NOT_YET_VALID);
        assertThat(STRICT.decide(p, "gpt-4o", shanghai("2026-01-01T00:00")).allowed()).isTrue();
    }

    @Test
    void anotherZoneMovesTheBoundary() {
        LicensePolicy utc = new LicensePolicy(LicenseMode.STRICT, ZoneOffset.UTC, 10,
                WorkingDayCalendar.weekendsOnly(), false);
        Instant shanghaiMidnight = shanghai("2028-01-01T00:00");

        assertThat(utc.decide(licensed(), "gpt-4o", shanghaiMidnight).allowed()).isTrue();
        assertThat(utc.decide(licensed(), "gpt-4o", Instant.parse("2028-01-01T00:00:00Z")).reason())
                .isEqualTo(DenyReason.LICENSE_EXPIRED);
    }

    @Test
    void strictDeniesPendingEvenInsideTheGraceWindow() {
        assertThat(STRICT.decide(pending("2026-09-29"), "gpt-4o", noon("2026-09-30")).reason())
                .isEqualTo(DenyReason.LICENSE_PENDING);
    }

    @Test
    void graceServesPendingFromLaunchThroughTheLastWorkingDayAcrossNationalDay() {
        Product p = pending("2026-09-29");
        LocalDate lastDay = LocalDate.parse("2026-10-19");

        assertThat(GRACE.decide(p, "gpt-4o", shanghai("2026-09-28T23:59")).reason())
                .as("before launch").isEqualTo(DenyReason.LICENSE_PENDING);
        LicenseDecision launchDay = GRACE.decide(p, "gpt-4o", shanghai("2026-09-29T00:00"));
        assertThat(launchDay.allowed()).as("launch day").isTrue();
        assertThat(launchDay.graceUntil()).isEqualTo(lastDay);
        assertThat(GRACE.decide(p, "gpt-4o", noon("2026-10-04")).allowed()).as("during the holiday").isTrue();
        assertThat(GRACE.decide(p, "gpt-4o", shanghai("2026-10-19T23:59:59")).allowed()).as("last day").isTrue();
        LicenseDecision after = GRACE.decide(p, "gpt-4o", shanghai("2026-10-20T00:00"));
        assertThat(after.reason()).isEqualTo(DenyReason.GRACE_PERIOD_EXPIRED);
        assertThat(after.graceUntil()).isEqualTo(lastDay);
    }

    @Test
    void graceDeadlineUsesTheConfiguredZone() {
        Product p = pending("2026-09-29");
        // 2026-10-19T16:00Z is already 10-20 in Shanghai
        assertThat(GRACE.decide(p, "gpt-4o", Instant.parse("2026-10-19T15:59:59Z")).allowed()).isTrue();
        assertThat(GRACE.decide(p, "gpt-4o", Instant.parse("2026-10-19T16:00:00Z")).reason())
                .isEqualTo(DenyReason.GRACE_PERIOD_EXPIRED);
    }

    @Test
    void graceCountsAnAdjustedWorkingSunday() {
        LicensePolicy oneDay = new LicensePolicy(LicenseMode.GRACE, SHANGHAI, 1,
                WorkingDayCalendarTest.NATIONAL_DAY_2026, false);
        Product p = pending("2026-09-18"); // Friday; Sunday 09-20 is worked

        assertThat(oneDay.decide(p, "gpt-4o", noon("2026-09-20")).allowed()).isTrue();
        assertThat(oneDay.decide(p, "gpt-4o", noon("2026-09-21")).reason())
                .isEqualTo(DenyReason.GRACE_PERIOD_EXPIRED);
    }

    @Test
    void zeroGraceDaysServesTheLaunchDayOnly() {
        LicensePolicy zero = new LicensePolicy(LicenseMode.GRACE, SHANGHAI, 0, WorkingDayCalendar.weekendsOnly(),
                false);
        Product p = pending("2026-11-23");
        assertThat(zero.decide(p, "gpt-4o", noon("2026-11-23")).allowed()).isTrue();
        assertThat(zero.decide(p, "gpt-4o", noon("2026-11-24")).reason())
                .isEqualTo(DenyReason.GRACE_PERIOD_EXPIRED);
    }

    @Test
    void graceNeedsALaunchDate() {
        LicenseDecision decision = GRACE.decide(pending(null), "gpt-4o", noon("2026-10-08"));
        assertThat(decision.reason()).isEqualTo(DenyReason.LICENSE_PENDING);
        assertThat(decision.graceUntil()).isNull();
    }

    @Test
    void graceStillChecksDatesAndModel() {
        assertThat(GRACE.decide(pending("2026-09-29"), "qwen-max", noon("2026-09-30")).reason())
                .isEqualTo(DenyReason.MODEL_NOT_LICENSED);
        Product datedPending = product(LicenseStatus.PENDING, "2026-10-08", null, "2026-09-29", "*");
        assertThat(GRACE.decide(datedPending, "m", noon("2026-09-30")).reason())
                .isEqualTo(DenyReason.LICENSE_NOT_YET_VALID);
    }

    @Test
    void graceChangesNothingForOtherStatuses() {
        Instant now = noon("2026-06-01");
        assertThat(GRACE.decide(licensed(), "gpt-4o", now).allowed()).isTrue();
        assertThat(GRACE.decide(product(LicenseStatus.SUSPENDED, null, null, "2026-05-31", "*"), "m", now).reason())
                .isEqualTo(DenyReason.LICENSE_SUSPENDED);
        assertThat(GRACE.decide(product(LicenseStatus.REVOKED, null, null, "2026-05-31", "*"), "m", now).reason())
                .isEqualTo(DenyReason.LICENSE_REVOKED);
    }

    @Test
    void unknownProductIsUnlicensed() {
        LicenseDecision decision = STRICT.decideUnknownProduct("ghost", "gpt-4o");
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason().code()).isEqualTo("product_unlicensed");
        assertThat(decision.productId()).isEqualTo("ghost");
    }

    @Test
    void monitorNeverBlocksAndRecordsWhatStrictWouldDeny() {
        record Case(Product product, String model, Instant now, DenyReason expected) { }
        List<Case> cases = List.of(
                new Case(licensed(), "gpt-4o", noon("2025-12-31"), DenyReason.LICENSE_NOT_YET_VALID),
                new Case(licensed(), "gpt-4o", noon("2028-01-01"), DenyReason.LICENSE_EXPIRED),
                new Case(licensed(), "claude", noon("2026-06-01"), DenyReason.MODEL_NOT_LICENSED),
                new Case(pending("2026-09-29"), "gpt-4o", noon("2026-09-30"), DenyReason.LICENSE_PENDING),
                new Case(product(LicenseStatus.SUSPENDED, null, null, null, "*"), "m", noon("2026-06-01"),
                        DenyReason.LICENSE_SUSPENDED),
                new Case(product(LicenseStatus.REVOKED, null, null, null, "*"), "m", noon("2026-06-01"),
                        DenyReason.LICENSE_REVOKED));
        for (Case c : cases) {
            LicenseDecision decision = MONITOR.decide(c.product(), c.model(), c.now());
            assertThat(decision.allowed()).as(c.toString()).isTrue();
            assertThat(decision.reason()).isNull();
            assertThat(decision.wouldDeny()).as(c.toString()).isEqualTo(c.expected());
            assertThat(decision.recordedReason()).isEqualTo(c.expected());
            assertThat(decision.flagged()).isTrue();
            assertThat(decision.mode()).isEqualTo(LicenseMode.MONITOR);
        }
        LicenseDecision clean = MONITOR.decide(licensed(), "gpt-4o", noon("2026-06-01"));
        assertThat(clean.allowed()).isTrue();
        assertThat(clean.wouldDeny()).isNull();
        LicenseDecision ghost = MONITOR.decideUnknownProduct("ghost", "m");
        assertThat(ghost.allowed()).isTrue();
        assertThat(ghost.wouldDeny()).isEqualTo(DenyReason.PRODUCT_UNLICENSED);
    }

    @Test
    void graceExpiredIsReportedInGraceModeOnly() {
        Product p = pending("2026-09-29");
        Instant late = noon("2026-11-02");
        assertThat(GRACE.decide(p, "gpt-4o", late).reason()).isEqualTo(DenyReason.GRACE_PERIOD_EXPIRED);
        assertThat(STRICT.decide(p, "gpt-4o", late).reason()).isEqualTo(DenyReason.LICENSE_PENDING);
        assertThat(MONITOR.decide(p, "gpt-4o", late).wouldDeny()).isEqualTo(DenyReason.LICENSE_PENDING);
    }

    @Test
    void unreachableRegistryFailsClosedByDefault() {
        LicenseDecision decision = STRICT.decideRegistryUnavailable("acme-chat", "gpt-4o");
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo(DenyReason.LICENSE_REGISTRY_UNAVAILABLE);
        assertThat(decision.failedOpen()).isFalse();
    }

    @Test
    void unreachableRegistryCanFailOpenAndSaysSo() {
        LicensePolicy open = new LicensePolicy(LicenseMode.STRICT, SHANGHAI, 10, WorkingDayCalendar.weekendsOnly(),
                true);
        LicenseDecision decision = open.decideRegistryUnavailable("acme-chat", "gpt-4o");
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.failedOpen()).isTrue();
        assertThat(decision.wouldDeny()).isEqualTo(DenyReason.LICENSE_REGISTRY_UNAVAILABLE);

        LicenseDecision monitored = MONITOR.decideRegistryUnavailable("acme-chat", "gpt-4o");
        assertThat(monitored.allowed()).isTrue();
        assertThat(monitored.failedOpen()).isFalse();
        assertThat(monitored.wouldDeny()).isEqualTo(DenyReason.LICENSE_REGISTRY_UNAVAILABLE);
    }

    @Test
    void decidesOnEachKindOfLookup() {
        Instant now = noon("2026-06-01");
        assertThat(STRICT.decide(new ProductLookup.Found(licensed(), Duration.ofMinutes(3)), "gpt-4o", now)
                .allowed()).isTrue();
        assertThat(STRICT.decide(new ProductLookup.NotFound("ghost"), "gpt-4o", now).reason())
                .isEqualTo(DenyReason.PRODUCT_UNLICENSED);
        LicenseDecision down = STRICT.decide(new ProductLookup.Unavailable("acme-chat", new RuntimeException("x")),
                "gpt-4o", now);
        assertThat(down.reason()).isEqualTo(DenyReason.LICENSE_REGISTRY_UNAVAILABLE);
        assertThat(down.productId()).isEqualTo("acme-chat");
    }

    @Test
    void wireCodesAreTheContractOnes() {
        assertThat(Arrays.stream(DenyReason.values()).map(DenyReason::code)).containsExactly(
                "product_unlicensed", "license_pending", "license_suspended", "license_revoked",
                "license_not_yet_valid", "license_expired", "model_not_licensed", "grace_period_expired",
                "license_registry_unavailable");
    }

    @ParameterizedTest
    @EnumSource(LicenseMode.class)
    void modesParseFromTheirConfigSpelling(LicenseMode mode) {
        assertThat(LicenseMode.fromWireName(mode.wireName())).contains(mode);
        assertThat(LicenseMode.fromWireName(mode.wireName().toUpperCase(Locale.ROOT))).contains(mode);
        assertThat(LicenseMode.fromWireName("lenient")).isEmpty();
    }

    @Test
    void rejectsInvalidConfiguration() {
        assertThatThrownBy(() -> new LicensePolicy(LicenseMode.GRACE, SHANGHAI, -1,
                WorkingDayCalendar.weekendsOnly(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> new LicensePolicy(LicenseMode.GRACE, SHANGHAI, 366,
                WorkingDayCalendar.weekendsOnly(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("366");
        assertThatThrownBy(() -> new LicensePolicy(null, SHANGHAI, 10, WorkingDayCalendar.weekendsOnly(), false))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("mode");
    }

    @Test
    void decisionsRejectContradictions() {
        assertThatThrownBy(() -> new LicenseDecision(true, DenyReason.LICENSE_EXPIRED, null, "p", "m",
                LicenseMode.STRICT, false, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LicenseDecision(false, null, null, "p", "m", LicenseMode.STRICT, false, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LicenseDecision(false, DenyReason.LICENSE_EXPIRED, DenyReason.LICENSE_EXPIRED,
                "p", "m", LicenseMode.STRICT, false, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LicenseDecision(true, null, DenyReason.LICENSE_EXPIRED, "p", "m",
                LicenseMode.STRICT, true, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
