package io.aigw.filters.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditRecord.LabelFlags;
import io.aigw.filters.audit.AuditRecord.LicenseCheck;
import io.aigw.filters.audit.AuditRecord.LicenseOutcome;
import io.aigw.filters.audit.AuditRecord.Outcome;
import io.aigw.filters.label.AigcMetadata;
import io.aigw.filters.label.LabeledAnswer;
import io.aigw.filters.label.ReceiptClaims;
import io.aigw.filters.license.DenyReason;
import io.aigw.filters.license.LicenseDecision;
import io.aigw.filters.license.LicenseMode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditRecordTest {

    @Test
    void licenseDecisionsMapToTheAuditView() {
        assertThat(LicenseCheck.of(new LicenseDecision(true, null, null, "p", "m", LicenseMode.STRICT, false, null)))
                .isEqualTo(LicenseCheck.allow());
        assertThat(LicenseCheck.of(new LicenseDecision(false, DenyReason.LICENSE_EXPIRED, null, "p", "m",
                LicenseMode.STRICT, false, null))).isEqualTo(LicenseCheck.deny("license_expired"));
        assertThat(LicenseCheck.of(new LicenseDecision(true, null, DenyReason.LICENSE_PENDING, "p", "m",
                LicenseMode.MONITOR, false, null)))
                .isEqualTo(new LicenseCheck(LicenseOutcome.WOULD_DENY, "license_pending"));
    }

    @Test
    void aLabeledAnswerFillsTheLabelFieldsAndCountsAsGenerated() {
        ReceiptClaims claims = new ReceiptClaims("PID-1", "acme", "gpt-4o", 1, "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU",
                "prefix", true);
        LabeledAnswer answer = new LabeledAnswer(AigcMetadata.firstWrite("001191110102MAD55U9H0F10002", "PID-1", "digest"),
                "h.p.s", claims, "mode=ai-originated", true);

        AuditRecord r = AuditRecord.builder("r", Instant.EPOCH).protocol("openai").labeled(answer)
                .outcome(Outcome.SERVED).build();

        assertThat(r.generated()).isTrue();
        assertThat(r.label()).isEqualTo(new LabelFlags(true, true, true));
        assertThat(r.fullyLabeled()).isTrue();
        assertThat(r.produceId()).isEqualTo("PID-1");
        assertThat(r.receipt()).isEqualTo("h.p.s");
        assertThat(r.contentSha256()).isEqualTo(claims.contentSha256());
    }

    @Test
    void anAnswerWithoutItsExplicitLabelIsNotFullyLabeled() {
        ReceiptClaims claims = new ReceiptClaims("PID-2", "acme", "gpt-4o", 1, "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU",
                "none", true);
        LabeledAnswer answer = new LabeledAnswer(AigcMetadata.firstWrite("001191110102MAD55U9H0F10002", "PID-2", "digest"),
                "h.p.s", claims, "mode=ai-originated", false);

        AuditRecord r = AuditRecord.builder("r", Instant.EPOCH).protocol("openai").labeled(answer)
                .outcome(Outcome.SERVED).build();

        assertThat(r.fullyLabeled()).isFalse();
    }
}
