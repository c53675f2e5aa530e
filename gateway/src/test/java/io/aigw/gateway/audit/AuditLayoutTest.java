package io.aigw.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.audit.AuditChain;
import io.aigw.gateway.config.NodeId;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a replica writes its chain and which chains it reads, from aigw.audit.dir / root and aigw.node-id. */
class AuditLayoutTest {

    @TempDir
    Path tmp;

    private static AuditProperties audit(Path dir, Path root) {
        return new AuditProperties(dir, root, false, "batch", 10000, 1000, Duration.ofSeconds(60), 180, false,
                ZoneId.of("Asia/Shanghai"), Path.of("data/audit-keys"), Duration.ofSeconds(1), Duration.ofSeconds(30),
                null, (URI) null, Duration.ofSeconds(5));
    }

    @Test
    void withNothingConfiguredEachNodeWritesItsOwnChainUnderDataAuditAndReadsThemAll() {
        AuditLayout layout = AuditLayout.of(audit(null, null), new NodeId("aigw-0"));

        assertThat(layout.dir()).isEqualTo(Path.of("data/audit/aigw-0"));
        assertThat(layout.root()).isEqualTo(AuditLayout.DEFAULT_ROOT);
    }

    @Test
    void aRootAloneHoldsTheNodesChainAndEveryOtherChainIsRead() throws Exception {
        Path root = tmp.resolve("audit");
        Files.createDirectories(root.resolve("aigw-1"));
        Files.writeString(root.resolve("aigw-1").resolve("audit-2026-11-24.jsonl"), "");
        AuditLayout layout = AuditLayout.of(audit(null, root), new NodeId("aigw-0"));
        Files.createDirectories(layout.dir());
        Files.writeString(layout.dir().resolve("audit-2026-11-24.jsonl"), "");

        assertThat(layout.dir()).isEqualTo(root.resolve("aigw-0"));
        assertThat(layout.chains()).extracting(AuditChain::node).containsExactly("aigw-0", "aigw-1");
    }

    @Test
    void aDirAloneIsTheOnlyChainWrittenAndRead() throws Exception {
        Path dir = tmp.resolve("single");
        Files.createDirectories(tmp.resolve("aigw-1"));
        Files.writeString(tmp.resolve("aigw-1").resolve("audit-2026-11-24.jsonl"), "");
        AuditLayout layout = AuditLayout.of(audit(dir, null), new NodeId("aigw-0"));

        assertThat(layout.root()).isNull();
        assertThat(layout.chains()).containsExactly(new AuditChain("aigw-0", dir));
    }

    @Test
    void theNodeIdComesFromTheHostNameWhenNotConfiguredAndMustBeADirectoryName() {
        assertThat(NodeId.resolve(null, Map.of("HOSTNAME", "aigw-2")).value()).isEqualTo("aigw-2");
        assertThat(NodeId.resolve(" ", Map.of("HOSTNAME", "host/with:odd chars")).value()).isEqualTo("host-with-odd-chars");
        assertThat(NodeId.resolve("eu-1", Map.of("HOSTNAME", "aigw-2")).value()).isEqualTo("eu-1");
        assertThat(NodeId.resolve(null, Map.of()).value()).isNotBlank();
        assertThatThrownBy(() -> NodeId.resolve("../etc", Map.of())).hasMessageStartingWith("aigw.node-id: '../etc'");
        assertThatThrownBy(() -> NodeId.resolve("..", Map.of())).hasMessageContaining("aigw.node-id");
    }
}
