package io.aigw.filters.audit;

import io.aigw.filters.label.Jwks;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The verdict over several replicas' audit chains, each verified on its own ({@link AuditVerifier}: a
 * chain is one writer's hash chain) with the same audit keys. Immutable.
 *
 * @param nodes one verdict per chain, in the order the chains were given
 */
public record AuditFleetVerification(List<NodeVerification> nodes) {

    /** One chain's verdict. */
    public record NodeVerification(AuditChain chain, AuditVerification verification) {
    }

    public AuditFleetVerification {
        nodes = List.copyOf(nodes);
    }

    /**
     * Verifies every chain.
     *
     * @param keys the audit public keys (every kid that signed a checkpoint of any chain)
     * @param anchorChain the chain checked against {@code anchorDir}'s witness heads (a witness directory
     *     belongs to one writer), or null
     * @throws UncheckedIOException when a file cannot be read
     */
    public static AuditFleetVerification verify(List<AuditChain> chains, Jwks keys, boolean requireFinalCheckpoint,
                                                AuditChain anchorChain, Path anchorDir) {
        Objects.requireNonNull(keys, "keys");
        List<NodeVerification> results = new ArrayList<>();
        for (AuditChain chain : chains) {
            Path anchor = chain.equals(anchorChain) ? anchorDir : null;
            results.add(new NodeVerification(chain, AuditVerifier.verify(chain.dir(), keys, requireFinalCheckpoint, anchor)));
        }
        return new AuditFleetVerification(results);
    }

    /** Every chain verifies (and there is at least one). */
    public boolean valid() {
        return !nodes.isEmpty() && nodes.stream().allMatch(n -> n.verification().valid());
    }

    /** The verdict of {@code node}, or null. */
    public AuditVerification of(String node) {
        return nodes.stream().filter(n -> n.chain().node().equals(node)).map(NodeVerification::verification)
                .findFirst().orElse(null);
    }

    /**
     * The totals in the shape of one chain's {@link AuditVerification#toJson()} (summed counts; the
     * first bad line of the first invalid chain, with its {@code node}; the last checkpoint and anchor of
     * the first chain), then {@code "chains":n} and {@code "nodes":[{"node","dir",…one chain's verdict…}]}.
     */
    public String toJson() {
        ObjectNode root = AuditLineFormat.MAPPER.createObjectNode();
        root.put("valid", valid());
        root.put("lines", sum(AuditVerification::lines));
        root.put("records", sum(AuditVerification::records));
        root.put("checkpoints", sum(AuditVerification::checkpoints));
        root.put("unsignedTail", sum(AuditVerification::unsignedTail));
        root.put("tornLines", sum(AuditVerification::tornLines));
        JsonNode first = nodes.isEmpty() ? null : json(nodes.get(0));
        root.set("lastCheckpoint", first == null ? root.nullNode() : first.get("lastCheckpoint"));
        root.putNull("firstBadLine");
        for (NodeVerification n : nodes) {
            if (!n.verification().valid()) {
                ObjectNode bad = (ObjectNode) json(n).get("firstBadLine");
                bad.put("node", n.chain().node());
                root.set("firstBadLine", bad);
                break;
            }
        }
        root.put("recoveredUnsigned", sum(AuditVerification::recoveredUnsigned));
        ArrayNode recovered = root.putArray("recovered");
        root.put("anchorHeads", first == null ? -1 : first.get("anchorHeads").longValue());
        root.put("chains", nodes.size());
        ArrayNode perNode = root.putArray("nodes");
        for (NodeVerification n : nodes) {
            ObjectNode one = json(n);
            for (JsonNode r : one.get("recovered")) {
                ObjectNode copy = ((ObjectNode) r).deepCopy();
                copy.put("node", n.chain().node());
                recovered.add(copy);
            }
            ObjectNode entry = perNode.addObject();
            entry.put("node", n.chain().node());
            entry.put("dir", n.chain().dir().toString());
            entry.setAll(one);
        }
        return AuditLineFormat.MAPPER.writeValueAsString(root);
    }

    private ObjectNode json(NodeVerification n) {
        return (ObjectNode) AuditLineFormat.MAPPER.readTree(n.verification().toJson());
    }

    private long sum(java.util.function.ToLongFunction<AuditVerification> field) {
        return nodes.stream().mapToLong(n -> field.applyAsLong(n.verification())).sum();
    }
}
