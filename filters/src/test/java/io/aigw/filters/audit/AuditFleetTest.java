package io.aigw.filters.audit;

import static io.aigw.filters.audit.AuditFixtures.JWKS;
import static io.aigw.filters.audit.AuditFixtures.SIGNER;
import static io.aigw.filters.audit.AuditFixtures.served;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.MutableClock;
import io.aigw.filters.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Several replicas' chains under one audit root: found, verified per node and in total, reported once each. */
class AuditFleetTest {

    private static final Instant T0 = Instant.parse("2026-11-24T02:00:00Z");

    @TempDir
    Path root;

    private void write(Path dir, AuditRecord... records) {
        try (AuditWriter writer = AuditWriter.start(AuditWriterConfig.defaults(dir), SIGNER, new MutableClock(T0))) {
            for (AuditRecord r : records) {
                assertThat(writer.offer(r)).isTrue();
            }
        }
    }

    private void twoReplicas() {
        write(root.resolve("aigw-0"), served("a1", T0, "acme"), served("a2", T0, "acme"), served("a3", T0, "beta"));
        write(root.resolve("aigw-1"), served("b1", T0, "acme"), served("b2", T0, "beta"));
    }

    @Test
    void theChainsUnderARootAreFoundOnceEachSortedByNodeAndTheGivenChainKeepsItsName() throws Exception {
        twoReplicas();
        Files.createDirectories(root.resolve("not-a-chain"));
        Files.createSymbolicLink(root.resolve("alias-of-0"), root.resolve("aigw-0"));

        List<AuditChain> found = AuditChains.find(root, List.of());
        assertThat(found).extracting(AuditChain::node).containsExactly("aigw-0", "aigw-1");

        List<AuditChain> withOwn = AuditChains.find(root, List.of(new AuditChain("me", root.resolve("aigw-1"))));
        assertThat(withOwn).extracting(AuditChain::node).containsExactly("me", "aigw-0");
    }

    @Test
    void dayFilesDirectlyInTheRootAreTheChainWrittenBeforeNodeIds() {
        write(root, served("old", T0, "acme"));
        write(root.resolve("aigw-0"), served("new", T0, "acme"));

        assertThat(AuditChains.find(root, List.of())).extracting(AuditChain::node)
                .containsExactly(AuditChains.ROOT_NODE, "aigw-0");
    }

    /** Replicas with a volume each: copies of their chains reported together offline, as /admin/report would. */
    @Test
    void theReportCommandReportsCopiedChainsPerNodeAndInTotal() {
        twoReplicas();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = AuditReportCli.run(new String[] {"--from", "2026-11-24", "--to", "2026-11-24",
                root.resolve("aigw-0").toString(), root.resolve("aigw-1").toString()}, print(out), print(err));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(AuditReportCli.OK);
        JsonNode json = Json.parseUpstream(out.toString(StandardCharsets.UTF_8));
        assertThat(json.path("total").path("requests").asLong()).isEqualTo(5);
        assertThat(json.path("nodes")).extracting(n -> n.path("node").stringValue()).containsExactly("aigw-0", "aigw-1");
        assertThat(json.path("nodes").get(0).path("total").path("requests").asLong()).isEqualTo(3);

        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        assertThat(AuditReportCli.run(new String[] {"--root", root.toString(), "--product", "beta", "--csv"}, print(csv), print(err)))
                .isEqualTo(AuditReportCli.OK);
        assertThat(csv.toString(StandardCharsets.UTF_8)).contains("beta").doesNotContain("acme");

        ByteArrayOutputStream before = new ByteArrayOutputStream();
        assertThat(AuditReportCli.run(new String[] {"--to", "2026-11-23", "--root", root.toString()}, print(before), print(err)))
                .isEqualTo(AuditReportCli.OK);
        assertThat(Json.parseUpstream(before.toString(StandardCharsets.UTF_8)).path("total").path("requests").asLong()).isZero();
    }

    @Test
    void theReportCommandRefusesWhatItCannotRead() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream out = print(new ByteArrayOutputStream());
        assertThat(AuditReportCli.run(new String[] {}, out, print(err))).isEqualTo(AuditReportCli.USAGE);
        assertThat(AuditReportCli.run(new String[] {"--from"}, out, print(err))).isEqualTo(AuditReportCli.USAGE);
        assertThat(AuditReportCli.run(new String[] {"--root", root.resolve("missing").toString()}, out, print(err)))
                .isEqualTo(AuditReportCli.USAGE);
        assertThat(AuditReportCli.run(new String[] {"--from", "yesterday", root.toString()}, out, print(err)))
                .isEqualTo(AuditReportCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: AuditReportCli").contains("is not a directory")
                .contains("not an ISO date or instant: 'yesterday'");
    }

    private static PrintStream print(ByteArrayOutputStream to) {
        return new PrintStream(to, true, StandardCharsets.UTF_8);
    }

    @Test
    void theReportCountsEveryExchangeOfEveryChainOnceAndTellsEachNodesShare() {
        twoReplicas();
        List<AuditChain> chains = AuditChains.find(root, List.of());
        // The same chain given twice (as its own and through the root) is still read once.
        List<AuditChain> again = AuditChains.find(root, List.of(new AuditChain("aigw-0", root.resolve("aigw-0"))));
        assertThat(again).hasSize(2);

        ComplianceReport report = ComplianceReport.compute(again, T0, T0.plusSeconds(1), null);

        assertThat(report.total().requests()).isEqualTo(5);
        assertThat(report.products()).extracting(ProductSummary::product, ProductSummary::requests)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("acme", 3L), org.assertj.core.groups.Tuple.tuple("beta", 2L));
        assertThat(report.nodes()).extracting(n -> n.node(), n -> n.total().requests())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("aigw-0", 3L), org.assertj.core.groups.Tuple.tuple("aigw-1", 2L));
        JsonNode json = Json.parseUpstream(report.toJson());
        assertThat(json.path("total").path("requests").asLong()).isEqualTo(5);
        assertThat(json.path("nodes").get(1).path("node").stringValue()).isEqualTo("aigw-1");
        assertThat(json.path("nodes").get(1).path("total").path("requests").asLong()).isEqualTo(2);
        assertThat(ComplianceReport.compute(chains, T0, T0.plusSeconds(1), "beta").total().requests()).isEqualTo(2);
    }

    @Test
    void eachChainIsVerifiedOnItsOwnAndABrokenOneNamesItsNode() throws Exception {
        twoReplicas();
        List<AuditChain> chains = AuditChains.find(root, List.of());
        AuditFleetVerification ok = AuditFleetVerification.verify(chains, JWKS, true, null, null);
        assertThat(ok.valid()).as(ok.toJson()).isTrue();
        JsonNode okJson = Json.parseUpstream(ok.toJson());
        assertThat(okJson.path("chains").asInt()).isEqualTo(2);
        assertThat(okJson.path("records").asLong()).isEqualTo(5);
        assertThat(okJson.path("nodes").get(0).path("records").asLong()).isEqualTo(3);
        assertThat(okJson.path("nodes").get(1).path("records").asLong()).isEqualTo(2);

        Path file = AuditFiles.list(root.resolve("aigw-1")).get(0);
        List<String> lines = AuditFixtures.lines(file);
        lines.set(0, lines.get(0).replace("\"beta\"", "\"acme\""));
        lines.set(1, lines.get(1).replace("\"beta\"", "\"acme\""));
        AuditFixtures.writeLines(file, lines);

        AuditFleetVerification broken = AuditFleetVerification.verify(chains, JWKS, true, null, null);
        assertThat(broken.valid()).isFalse();
        assertThat(broken.of("aigw-0").valid()).isTrue();
        assertThat(broken.of("aigw-1").valid()).isFalse();
        assertThat(Json.parseUpstream(broken.toJson()).path("firstBadLine").path("node").stringValue()).isEqualTo("aigw-1");
    }

    @Test
    void theCommandLineVerifiesEveryChainUnderARootAndFailsWhenOneIsBroken() throws Exception {
        twoReplicas();
        Path jwks = root.getParent().resolve(root.getFileName() + "-jwks.json");
        Files.writeString(jwks, JWKS.toJson());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = AuditVerifyCli.run(new String[] {"--require-final-checkpoint", "--root", root.toString(), jwks.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(AuditVerifyCli.VALID);
        JsonNode json = Json.parseUpstream(out.toString(StandardCharsets.UTF_8));
        assertThat(json.path("records").asLong()).isEqualTo(5);
        assertThat(json.path("nodes")).hasSize(2);

        int twoDirs = AuditVerifyCli.run(new String[] {root.resolve("aigw-0").toString(), root.resolve("aigw-1").toString(),
                jwks.toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        assertThat(twoDirs).isEqualTo(AuditVerifyCli.VALID);

        Files.delete(AuditFiles.list(root.resolve("aigw-0")).get(0));
        Files.writeString(root.resolve("aigw-0").resolve("audit-2026-11-25.jsonl"), "{\"type\":\"record\",\"seq\":7}\n");
        assertThat(AuditVerifyCli.run(new String[] {"--root", root.toString(), jwks.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(AuditVerifyCli.INVALID);
    }

    @Test
    void aSecondWriterOfTheSameDirectoryIsRefusedUntilTheFirstReleasesIt() {
        Path dir = root.resolve("aigw-0");
        try (AuditDirLock first = AuditDirLock.acquire(dir, "node aigw-0")) {
            assertThatThrownBy(() -> AuditDirLock.acquire(dir, "node other"))
                    .isInstanceOf(AuditDirLock.AuditDirLockedException.class)
                    .hasMessageContaining("is locked by another gateway process (node aigw-0 pid " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining("aigw.node-id");
            assertThat(first.file()).exists();
        }
        try (AuditDirLock again = AuditDirLock.acquire(dir, "node other")) {
            assertThat(again.file()).hasContent("node other pid " + ProcessHandle.current().pid());
        }
        assertThat(AuditChains.find(root, List.of())).extracting(AuditChain::node).containsExactly("aigw-0");
    }
}
