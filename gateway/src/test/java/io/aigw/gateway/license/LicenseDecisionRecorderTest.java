package io.aigw.gateway.license;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.license.DenyReason;
import io.aigw.filters.license.LicenseDecision;
import io.aigw.filters.license.LicenseMode;
import io.aigw.filters.license.LicensePolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class LicenseDecisionRecorderTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final LicenseDecisionRecorder recorder = new LicenseDecisionRecorder(meters);

    double count(String product, String reason, String mode, String outcome) {
        var counter = meters.find("aigw.license.decisions")
                .tags("product", product, "reason", reason, "mode", mode, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void everyKindOfDecisionIsCountedWithItsTags() {
        recorder.record(new LicenseDecision(true, null, null, "a", "m", LicenseMode.STRICT, false, null), "r1");
        recorder.record(new LicenseDecision(true, null, null, "a", "m", LicenseMode.STRICT, false, null), "r2");
        recorder.record(new LicenseDecision(false, DenyReason.LICENSE_REVOKED, null, "b", "m", LicenseMode.GRACE, false, null), "r3");
        recorder.record(new LicenseDecision(true, null, DenyReason.LICENSE_EXPIRED, "c", "m", LicenseMode.MONITOR, false, null), "r4");
        var policy = new LicensePolicy(LicenseMode.STRICT, LicensePolicy.DEFAULT_ZONE, 10,
                io.aigw.filters.license.WorkingDayCalendar.weekendsOnly(), true);
        recorder.record(policy.decideRegistryUnavailable("d", "m"), "r5");

        assertThat(count("a", "none", "strict", "allowed")).isEqualTo(2);
        assertThat(count("b", "license_revoked", "grace", "denied")).isEqualTo(1);
        assertThat(count("c", "license_expired", "monitor", "would_deny")).isEqualTo(1);
        assertThat(count("d", "license_registry_unavailable", "strict", "failed_open")).isEqualTo(1);
    }
}
