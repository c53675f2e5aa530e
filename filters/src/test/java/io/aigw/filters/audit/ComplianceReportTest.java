package io.aigw.filters.audit;

import io.aigw.filters.MutableClock;
import static io.aigw.filters.audit.AuditFixtures.SIGNER;
import static io.aigw.filters.audit.AuditFixtures.served;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.audit.AuditRecord.LabelFlags;
import io.aigw.filters.audit.AuditRecord.LicenseCheck;
import io.aigw.filters.audit.AuditRecord.LicenseOutcome;
import io.aigw.filters.audit.AuditRecord.Outcome;
import io.aigw.filters.audit.AuditRecord.ScanOutcome;
import io.aigw.filters.audit.AuditRecord.ScanVerdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComplianceReportTest {

    private static final Instant T0 = Instant.parse("2026-11-24T02:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    private void write(AuditRecord... records) {
        try (AuditWriter writer = AuditWriter.start(AuditWriterConfig.defaults(dir), SIGNER, clock)) {
            for (AuditRecord r : records) {
                assertThat(writer.offer(r)).isTrue();
            }
        }
    }

    @Test
    void coverageIsExactlyOneHundredPercentWhenEveryGeneratedAnswerWasLabeled() {
        write(served("a", T0, "acme"), served("b", T0, "acme"), served("c", T0, "acme"),
                denied("d", "license_expired"));

        ProductSummary acme = ComplianceReport.compute(dir, T0, T0.plusSeconds(1), null).products().get(0);

        assertThat(acme.generated()).isEqualTo(3);
        assertThat(acme.labeled()).isEqualTo(3);
        assertThat(acme.coverage()).isEqualTo("100%");
    }

    @Test
    void oneUnlabeledAnswerBringsCoverageBelowOneHundred() {
        AuditRecord unlabeled = AuditRecord.builder("u", T0).protocol("openai").product("acme").license(LicenseCheck.allow())
                .generated(true).label(new LabelFlags(true, true, false)).outcome(Outcome.SERVED).build();
        write(served("a", T0, "acme"), served("b", T0, "acme"), unlabeled);

        ProductSummary acme = ComplianceReport.compute(dir, T0, T0.plusSeconds(1), "acme").products().get(0);

        assertThat(acme.labeled()).isEqualTo(2);
        assertThat(acme.coverage()).isEqualTo("66.66%");
    }

    @Test
    void aStreamCutShortWithItsLabelsCountsAsLabeledThoughItNeverGotItsReceipt() {
        LabelFlags labelsWithoutReceipt = new LabelFlags(true, true, false);
        AuditRecord cancelled = AuditRecord.builder("c", T0).protocol("openai").product("acme").license(LicenseCheck.allow())
                .generated(true).label(labelsWithoutReceipt).outcome(Outcome.CANCELLED).build();
        AuditRecord failed = AuditRecord.builder("e", T0).protocol("openai").product("acme").license(LicenseCheck.allow())
                .generated(true).label(labelsWithoutReceipt).outcome(Outcome.ERROR).build();
        AuditRecord noExplicitLabel = AuditRecord.builder("n", T0).protocol("openai").product("acme").license(LicenseCheck.allow())
                .generated(true).label(new LabelFlags(false, true, false)).outcome(Outcome.CANCELLED).build();
        write(served("a", T0, "acme"), cancelled, failed, noExplicitLabel);

        ProductSummary acme = ComplianceReport.compute(dir, T0, T0.plusSeconds(1), "acme").products().get(0);

        assertThat(acme.generated()).isEqualTo(4);
        assertThat(acme.labeled()).isEqualTo(3);
        assertThat(acme.coverage()).isEqualTo("75%");
    }

    @Test
    void coverageNeverRoundsUpToOneHundred() {
        assertThat(ProductSummary.coverage(99_999, 100_000)).isEqualTo("99.99%");
        assertThat(ProductSummary.coverage(1, 2)).isEqualTo("50%");
        assertThat(ProductSummary.coverage(0, 7)).isEqualTo("0%");
        assertThat(ProductSummary.coverage(0, 0)).isEqualTo("n/a");
    }

    @Test
    void countsDenialsByReasonAndBlocksByCategoryAndSidePerProduct() {
        AuditRecord promptBlocked = AuditRecord.builder("pb", T0).protocol("openai").product("acme").license(LicenseCheck.allow())
                .prompt(new ScanVerdict(ScanOutcome.BLOCK, List.of("A1-subversion"))).outcome(Outcome.BLOCKED).build();
        AuditRecord completionBlocked = AuditRecord.builder("cb", T0).protocol("openai").product("acme").license(LicenseCheck.allow())
                .prompt(ScanVerdict.allow()).completion(new ScanVerdict(ScanOutcome.BLOCK, List.of("pii-id-card")))
                .generated(true).label(new LabelFlags(true, true, true)).outcome(Outcome.BLOCKED).build();
        AuditRecord flagged = AuditRecord.builder("fl", T0).protocol("openai").product("beta").license(LicenseCheck.allow())
                .prompt(new ScanVerdict(ScanOutcome.FLAG, List.of("pii-phone"))).outcome(Outcome.ERROR).build();
        AuditRecord monitored = AuditRecord.builder("mo", T0).protocol("openai").product("beta")
                .license(new LicenseCheck(LicenseOutcome.WOULD_DENY, "license_pending")).generated(true)
                .label(new LabelFlags(true, true, true)).outcome(Outcome.SERVED).build();
        AuditRecord unknownKey = AuditRecord.builder("uk", T0).protocol("openai").outcome(Outcome.DENIED).build();
        AuditRecord cancelled = AuditRecord.builder("ca", T0).protocol("openai").product("beta").outcome(Outcome.CANCELLED).build();
        AuditRecord invalid = AuditRecord.builder("in", T0).protocol("openai").product("beta").outcome(Outcome.INVALID).build();
        write(served("s", T0, "acme"), denied("d1", "license_expired"), denied("d2", "license_expired"),
                denied("d3", "model_not_licensed"), promptBlocked, completionBlocked, flagged, monitored, unknownKey,
                cancelled, invalid);

        ComplianceReport report = ComplianceReport.compute(dir, T0, T0.plusSeconds(1), null);

        assertThat(report.products()).extracting(ProductSummary::product).containsExactly("(none)", "acme", "beta");
        ProductSummary acme = report.products().get(1);
        assertThat(acme.requests()).isEqualTo(6);
        assertThat(acme.served()).isEqualTo(1);
        assertThat(acme.denied()).isEqualTo(3);
        assertThat(acme.blocked()).isEqualTo(2);
        assertThat(acme.licenseDenials()).isEqualTo(Map.of("license_expired", 2L, "model_not_licensed", 1L));
        assertThat(acme.promptBlocks()).isEqualTo(Map.of("A1-subversion", 1L));
        assertThat(acme.completionBlocks()).isEqualTo(Map.of("pii-id-card", 1L));
        assertThat(acme.generated()).isEqualTo(2);
        assertThat(acme.coverage()).isEqualTo("100%");
        ProductSummary beta = report.products().get(2);
        assertThat(beta.promptBlocks()).isEmpty();
        assertThat(beta.wouldDeny()).isEqualTo(Map.of("license_pending", 1L));
        assertThat(beta.errors()).isEqualTo(1);
        assertThat(beta.cancelled()).isEqualTo(1);
        assertThat(beta.invalid()).isEqualTo(1);
        assertThat(beta.requests()).isEqualTo(4);
        assertThat(report.total().requests()).isEqualTo(11);
        assertThat(report.total().licenseDenials()).isEqualTo(Map.of("license_expired", 2L, "model_not_licensed", 1L));

        assertThat(report.toJson()).contains("{\"product\":\"acme\",\"requests\":6,\"served\":1,\"denied\":3,"
                + "\"blocked\":2,\"errors\":0,\"cancelled\":0,\"invalid\":0,\"licenseDenials\":{\"license_expired\":2,\"model_not_licensed\":1},"
                + "\"wouldDeny\":{},\"blocks\":{\"prompt\":{\"A1-subversion\":1},\"completion\":{\"pii-id-card\":1}},"
                + "\"generated\":2,\"labeled\":2,\"coverage\":\"100%\",\"explicitNeeded\":2,\"explicitExempt\":{}}");
        assertThat(report.toCsv()).startsWith("product,requests,served,denied,blocked,errors,cancelled,invalid,license_denials,"
                + "would_deny,prompt_blocks,completion_blocks,generated,labeled,coverage,explicit_needed,explicit_exempt\r\n")
                .contains("acme,6,1,3,2,0,0,0,license_expired:2;model_not_licensed:1,,A1-subversion:1,pii-id-card:1,2,2,100%,2,\r\n")
                .endsWith("(all),11,2,4,2,1,1,1,license_expired:2;model_not_licensed:1,license_pending:1,A1-subversion:1,"
                        + "pii-id-card:1,3,3,100%,3,\r\n");
    }

    @Test
    void onlyRecordsInsideThePeriodAndOfTheProductCount() {
        write(served("early", T0.minus(Duration.ofDays(3)), "acme"), served("in", T0, "acme"),
                served("other", T0, "beta"), served("late", T0.plus(Duration.ofHours(1)), "acme"));

        ComplianceReport report = ComplianceReport.compute(dir, T0, T0.plus(Duration.ofHours(1)), "acme");

        assertThat(report.products()).hasSize(1);
        assertThat(report.products().get(0).requests()).isEqualTo(1);
        assertThat(report.product()).isEqualTo("acme");
    }

    @Test
    void anInvertedPeriodIsRefused() {
        assertThatThrownBy(() -> ComplianceReport.compute(dir, T0, T0.minusSeconds(1), null))
                .hasMessageContaining(T0.toString());
    }

    @Test
    void aRefusalWithoutTextIsExemptByShapeAndAToolCallCutByABlockIsNotCountedAsUnlabeled() {
        AuditRecord refusal = AuditRecord.builder("r", T0).protocol("anthropic").product("acme").license(LicenseCheck.allow())
                .outcome(Outcome.SERVED).generated(true).label(new AuditRecord.LabelFlags(true, true, true))
                .explicitLabels(List.of("omitted:refusal")).build();
        AuditRecord cutToolCall = AuditRecord.builder("c", T0).protocol("openai").product("acme").license(LicenseCheck.allow())
                .outcome(Outcome.BLOCKED).generated(true).label(new AuditRecord.LabelFlags(true, true, true))
                .explicitLabels(List.of("omitted:tool_call")).build();
        write(served("a", T0, "acme"), refusal, cutToolCall);

        ProductSummary acme = ComplianceReport.compute(dir, T0, T0.plusSeconds(3600), null).products().get(0);

        assertThat(acme.explicitExempt()).isEqualTo(Map.of("refusal", 1L, "tool_call", 1L));
        assertThat(acme.explicitNeeded()).isEqualTo(1);
        assertThat(acme.coverage()).isEqualTo("100%");
    }

    private static AuditRecord denied(String id, String reason) {
        return AuditRecord.builder(id, T0).protocol("openai").product("acme").model("gpt-4o").license(LicenseCheck.deny(reason))
                .outcome(Outcome.DENIED).build();
    }

    @Test
    void coverageCountsOnlyAnswersThatNeededAnExplicitLabelAndCountsExemptOnesBeside() {
        AuditRecord toolCall = AuditRecord.builder("t", T0).protocol("openai").product("acme").license(LicenseCheck.allow())
                .outcome(Outcome.SERVED).generated(true).label(new AuditRecord.LabelFlags(true, true, true))
                .explicitLabels(List.of("omitted:tool_call")).build();
        AuditRecord optOut = AuditRecord.builder("o", T0).protocol("openai").product("acme").license(LicenseCheck.allow())
                .outcome(Outcome.SERVED).generated(true).label(new AuditRecord.LabelFlags(true, true, true))
                .explicitLabels(List.of("omitted:opt_out", "omitted:opt_out")).labelBasis("UA v3 §7").build();
        AuditRecord secondChoiceUnlabeled = AuditRecord.builder("n", T0).protocol("openai").product("acme")
                .license(LicenseCheck.allow()).outcome(Outcome.SERVED).generated(true)
                .label(new AuditRecord.LabelFlags(false, true, true)).explicitLabels(List.of("in_text", "none")).build();
        AuditRecord mixed = AuditRecord.builder("m", T0).protocol("openai").product("acme").license(LicenseCheck.allow())
                .outcome(Outcome.SERVED).generated(true).label(new AuditRecord.LabelFlags(true, true, true))
                .explicitLabels(List.of("in_text", "omitted:tool_call")).build();
        write(served("a", T0, "acme"), toolCall, optOut, secondChoiceUnlabeled, mixed);

        ProductSummary acme = ComplianceReport.compute(dir, T0, T0.plusSeconds(3600), null).products().get(0);

        assertThat(acme.generated()).isEqualTo(5);
        assertThat(acme.explicitNeeded()).isEqualTo(3);
        assertThat(acme.explicitExempt()).isEqualTo(Map.of("tool_call", 1L, "opt_out", 1L));
        assertThat(acme.labeled()).isEqualTo(2);
        assertThat(acme.coverage()).isEqualTo("66.66%");
    }
}
