package io.aigw.gateway.console;

import io.aigw.filters.audit.AuditFiles;
import io.aigw.filters.audit.AuditVerification;
import io.aigw.filters.audit.AuditFleetVerification;
import io.aigw.filters.audit.AuditFleetVerification.NodeVerification;
import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.label.Jwks;
import io.aigw.gateway.audit.AuditLayout;
import io.aigw.filters.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit page's data: every chain read ({@link AuditLayout}: this replica's, and the other replicas'
 * under a shared audit root) verified end to end (after signing this replica's tail, as
 * {@code GET /admin/audit/verify} does), told per day file and node, the last signed checkpoint, the signing
 * key and the anchor status. Reads files: call it off the event loop.
 */
final class AuditSnapshot {

    private final AuditWriter writer;
    private final AuditLayout layout;
    private final Jwks keys;
    private final String activeKid;
    private final Path anchorDir;
    private final java.net.URI anchorUrl;

    /**
     * @param anchorDir the witness directory ({@code aigw.audit.anchor-dir}) the chain is checked against; null: none
     * @param anchorUrl the witness endpoint ({@code aigw.audit.anchor-url}), shown by host only; null: none
     */
    AuditSnapshot(AuditWriter writer, AuditLayout layout, Jwks keys, String activeKid, Path anchorDir, java.net.URI anchorUrl) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.activeKid = Objects.requireNonNull(activeKid, "activeKid");
        this.anchorDir = anchorDir;
        this.anchorUrl = anchorUrl;
    }

    /** Signs what is queued now (a failed or closed writer still lets the files be verified). Non-blocking. */
    java.util.concurrent.CompletableFuture<Void> checkpoint() {
        return writer.checkpoint().exceptionally(e -> null);
    }

    /**
     * {@code {"writer","kid","node","anchor":{"status","detail"},"verification":{…as /admin/audit/verify…},
     * "days":[{"day","file","node","bytes","status"}]}}; a day's status is {@code verified}, {@code broken}
     * (the first bad line is in it) or {@code unverified} (after a break: the chain cannot vouch for it).
     * Blocking: reads every audit file.
     */
    String toJson() {
        AuditFleetVerification fleet = AuditFleetVerification.verify(layout.chains(), keys, false, layout.own(), anchorDir);
        AuditVerification own = fleet.nodes().get(0).verification();
        ObjectNode root = Json.NODES.objectNode();
        root.put("writer", writer.health().name().toLowerCase(java.util.Locale.ROOT));
        root.put("kid", activeKid);
        root.put("node", layout.node().value());
        anchorStatus(root.putObject("anchor"), own);
        root.set("verification", Json.MAPPER.readTree(fleet.toJson()));
        ArrayNode days = root.putArray("days");
        for (NodeVerification node : fleet.nodes()) {
            AuditVerification verification = node.verification();
            String badFile = verification.firstBadLine() == null ? null : verification.firstBadLine().file();
            boolean afterBreak = false;
            for (Path file : AuditFiles.list(node.chain().dir())) {
                String name = file.getFileName().toString();
                ObjectNode day = days.addObject();
                day.put("day", AuditFiles.dayOf(name).toString());
                day.put("file", name);
                day.put("node", node.chain().node());
                day.put("bytes", size(file));
                String status = afterBreak ? "unverified" : name.equals(badFile) ? "broken" : "verified";
                afterBreak |= name.equals(badFile);
                day.put("status", status);
            }
        }
        return Json.MAPPER.writeValueAsString(root);
    }

    /**
     * {@code not_configured}; {@code sent} (an endpoint only: its copy is checked where it lives);
     * {@code verified} / {@code mismatch} against the witness directory's checkpoint heads.
     */
    private void anchorStatus(ObjectNode anchor, AuditVerification verification) {
        String endpoint = anchorUrl == null ? null : "checkpoint heads are also posted to " + anchorUrl.getHost();
        if (anchorDir == null) {
            anchor.put("status", endpoint == null ? "not_configured" : "sent");
            anchor.put("detail", endpoint != null ? endpoint
                    : "checkpoints are signed by the audit key; no external witness is configured");
            return;
        }
        anchor.put("status", verification.valid() ? "verified" : "mismatch");
        anchor.put("detail", verification.anchorHeads() + " witness heads in " + anchorDir + " checked against the chain"
                + (endpoint == null ? "" : "; " + endpoint));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read its size", e);
        }
    }
}
