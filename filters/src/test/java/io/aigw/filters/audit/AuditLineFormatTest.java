package io.aigw.filters.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.audit.AuditRecord.LicenseCheck;
import io.aigw.filters.audit.AuditRecord.Outcome;
import io.aigw.filters.audit.AuditRecord.ScanOutcome;
import io.aigw.filters.audit.AuditRecord.ScanVerdict;
import io.aigw.filters.audit.AuditRecord.UpstreamCall;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditLineFormatTest {

    private static final Instant T = Instant.parse("2026-11-24T08:00:00Z");

    @Test
    void recordLineHasEveryKeyInTheDocumentedOrderOnOneLine() {
        String line = text(new AuditLineFormat(false).record(7, AuditHash.GENESIS, AuditFixtures.served("r1", T, "acme")));

        assertThat(line).isEqualTo("{\"type\":\"record\",\"seq\":7,\"prev\":\"" + AuditHash.GENESIS + "\","
                + "\"request_id\":\"r1\",\"time\":\"2026-11-24T08:00:00Z\",\"product\":\"acme\",\"model\":\"gpt-4o-mini\","
                + "\"protocol\":\"openai\",\"license\":{\"decision\":\"allow\",\"reason\":null},"
                + "\"prompt\":{\"outcome\":\"allow\",\"categories\":[]},\"completion\":{\"outcome\":\"allow\",\"categories\":[]},"
                + "\"generated\":true,\"label\":{\"explicit\":true,\"implicit\":true,\"receipt\":true},"
                + "\"produce_id\":\"P-r1\",\"receipt\":\"eyJhbGciOiJFZERTQSJ9.e30.c2ln\","
                + "\"content_sha256\":\"47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU\","
                + "\"upstream\":{\"name\":null,\"status\":200,\"latency_ms\":120},\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":34},"
                + "\"outcome\":\"served\",\"error\":null,\"explicit_labels\":null,\"label_basis\":null}");
    }

    @Test
    void absentPartsAreNullsAndTextOnlyWhenIncluded() {
        AuditRecord denied = AuditRecord.builder("r2", T).product("acme").model("o1").protocol("anthropic")
                .license(LicenseCheck.deny("license_expired")).outcome(Outcome.DENIED).promptText("secret\nprompt").build();

        String without = text(new AuditLineFormat(false).record(1, AuditHash.GENESIS, denied));
        String with = text(new AuditLineFormat(true).record(1, AuditHash.GENESIS, denied));

        assertThat(without).contains("\"license\":{\"decision\":\"deny\",\"reason\":\"license_expired\"},"
                + "\"prompt\":null,\"completion\":null,\"generated\":false,\"label\":null,\"produce_id\":null,"
                + "\"receipt\":null,\"content_sha256\":null,\"upstream\":null,\"usage\":null,\"outcome\":\"denied\",\"error\":null,\"explicit_labels\":null,\"label_basis\":null}")
                .doesNotContain("secret");
        assertThat(with).endsWith("\"outcome\":\"denied\",\"error\":null,\"explicit_labels\":null,\"label_basis\":null,\"prompt_text\":\"secret\\nprompt\"}").doesNotContain("\n");
    }

    @Test
    void anErrorNamesTheStatusTheClientGotAndTheCodeAndTheUpstreamItsName() {
        AuditRecord failed = AuditRecord.builder("r4", T).protocol("openai").product("acme")
                .upstream(new UpstreamCall("openai-chat-fallback-1", 200, 40))
                .outcome(Outcome.ERROR).error(new AuditRecord.ErrorInfo(200, "upstream_timeout")).build();
        AuditRecord passedOn = AuditRecord.builder("r5", T).protocol("openai").product("acme")
                .outcome(Outcome.ERROR).error(new AuditRecord.ErrorInfo(null, null)).build();

        assertThat(text(new AuditLineFormat(false).record(1, AuditHash.GENESIS, failed)))
                .contains("\"upstream\":{\"name\":\"openai-chat-fallback-1\",\"status\":200,\"latency_ms\":40}")
                .endsWith("\"outcome\":\"error\",\"error\":{\"status\":200,\"code\":\"upstream_timeout\"},"
                        + "\"explicit_labels\":null,\"label_basis\":null}");
        assertThat(text(new AuditLineFormat(false).record(1, AuditHash.GENESIS, passedOn)))
                .endsWith("\"outcome\":\"error\",\"error\":{\"status\":null,\"code\":null},\"explicit_labels\":null,\"label_basis\":null}");
    }

    @Test
    void blockedVerdictKeepsCategoriesInOrder() {
        AuditRecord blocked = AuditRecord.builder("r3", T).protocol("openai").product("acme").license(LicenseCheck.allow())
                .prompt(new ScanVerdict(ScanOutcome.BLOCK, List.of("A1-subversion", "pii-phone")))
                .outcome(Outcome.BLOCKED).build();

        assertThat(text(new AuditLineFormat(false).record(1, AuditHash.GENESIS, blocked)))
                .contains("\"prompt\":{\"outcome\":\"block\",\"categories\":[\"A1-subversion\",\"pii-phone\"]}");
    }

    @Test
    void invalidRecordsAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> new LicenseCheck(AuditRecord.LicenseOutcome.DENY, null))
                .hasMessageContaining("deny needs a reason");
        assertThatThrownBy(() -> AuditRecord.builder("", T).outcome(Outcome.ERROR).build())
                .hasMessageContaining("requestId");
        assertThatThrownBy(() -> AuditRecord.builder("r", T).protocol("openai").build()).hasMessageContaining("outcome");
    }

    @Test
    void checkpointSignatureCoversSeqPrevTimeAndKid() {
        String line = text(AuditLineFormat.checkpoint(9, AuditHash.GENESIS, T, AuditFixtures.SIGNER));

        assertThat(line).startsWith("{\"type\":\"checkpoint\",\"seq\":9,\"prev\":\"" + AuditHash.GENESIS
                + "\",\"time\":\"2026-11-24T08:00:00Z\",\"kid\":\"" + AuditFixtures.KEY.kid() + "\",\"sig\":\"");
        assertThat(AuditHash.GENESIS).hasSize(43).matches("A+");
    }

    private static String text(byte[] line) {
        return new String(line, StandardCharsets.UTF_8);
    }
}
