package io.aigw.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.MutableClock;
import io.aigw.filters.audit.AuditChain;
import io.aigw.filters.audit.AuditRecord;
import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.audit.AuditWriterConfig;
import io.aigw.filters.audit.ComplianceReport;
import io.aigw.filters.audit.Ed25519AuditSigner;
import io.aigw.filters.label.Ed25519Keys;
import io.aigw.filters.label.Jwks;
import io.aigw.filters.label.SigningKey;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.audit.AuditLayout;
import io.aigw.gateway.config.NodeId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas' chains under one audit root: the audit page's data verifies and tells each node's chain
 * apart (one intact, one tampered with), and the report PDF gives each node's share.
 */
class AuditSnapshotTest {

    private static final Instant T0 = Instant.parse("2026-11-24T02:00:00Z");
    private static final SigningKey KEY = SigningKey.of(Ed25519Keys.generate());

    @TempDir
    Path root;

    @Test
    void eachNodesChainIsVerifiedPerDayAndNodeAndReportedPerNode() throws Exception {
        AuditChain own = new AuditChain("aigw-0", root.resolve("aigw-0"));
        AuditWriter ownWriter = write(own.dir(), "a1", "a2", "a3");
        write(root.resolve("aigw-1"), "b1", "b2");
        Path otherDay = root.resolve("aigw-1").resolve("audit-2026-11-24.jsonl");
        String lines = Files.readString(otherDay, StandardCharsets.UTF_8);
        Files.writeString(otherDay, lines.replaceFirst("\"b1\"", "\"bX\""), StandardCharsets.UTF_8);
        AuditLayout layout = new AuditLayout(new NodeId("aigw-0"), own, root);

        JsonNode audit = Json.MAPPER.readTree(new AuditSnapshot(ownWriter, layout, new Jwks(List.of(KEY.jwk())), KEY.kid(),
                null, null).toJson());

        JsonNode verification = audit.path("verification");
        assertThat(verification.path("valid").booleanValue()).isFalse();
        assertThat(verification.path("chains").intValue()).isEqualTo(2);
        assertThat(verification.path("nodes")).extracting(n -> n.path("node").stringValue() + "=" + n.path("valid").booleanValue())
                .containsExactly("aigw-0=true", "aigw-1=false");
        assertThat(verification.path("firstBadLine").path("node").stringValue()).isEqualTo("aigw-1");
        assertThat(audit.path("days")).extracting(d -> d.path("node").stringValue() + " " + d.path("day").stringValue()
                + " " + d.path("status").stringValue())
                .containsExactly("aigw-0 2026-11-24 verified", "aigw-1 2026-11-24 broken");

        ComplianceReport report = ComplianceReport.compute(layout.chains(), T0.minusSeconds(3600), T0.plusSeconds(3600), null);
        SignedReport signed = new SignedReport(report.toJson(), new byte[64], KEY.kid(), "PEM", T0, "aigw-report.json");
        LocalDate day = LocalDate.parse("2026-11-24");
        String text = ConsoleEndpointsIntegrationTest.pdfText(ReportPdf.render(signed,
                new ReportPeriod(day, day, ZoneOffset.UTC), "aigw", Map.of()));
        assertThat(text).contains("Per node", "aigw-0 3 3 0 0 3 3 100%");
        assertThat(text).containsPattern("aigw-1 [12] [12] 0 0 [12] [12] 100%");
    }

    /** A closed writer that wrote one served exchange per request id to {@code dir}. */
    private static AuditWriter write(Path dir, String... requestIds) {
        AuditWriter writer = AuditWriter.start(AuditWriterConfig.defaults(dir), new Ed25519AuditSigner(KEY), new MutableClock(T0));
        try (writer) {
            for (String id : requestIds) {
                assertThat(writer.offer(served(id))).isTrue();
            }
        }
        return writer;
    }

    private static AuditRecord served(String requestId) {
        return AuditRecord.builder(requestId, T0)
                .product("acme")
                .model("gpt-4o-mini")
                .protocol("openai")
                .license(AuditRecord.LicenseCheck.allow())
                .prompt(AuditRecord.ScanVerdict.allow())
                .completion(AuditRecord.ScanVerdict.allow())
                .generated(true)
                .label(new AuditRecord.LabelFlags(true, true, true))
                .produceId("P-" + requestId)
                .receipt("eyJhbGciOiJFZERTQSJ9.e30.c2ln")
                .contentSha256("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU")
                .upstream(new AuditRecord.UpstreamCall(200, 120))
                .usage(new AuditRecord.TokenUsage(12L, 34L))
                .outcome(AuditRecord.Outcome.SERVED)
                .build();
    }
}
