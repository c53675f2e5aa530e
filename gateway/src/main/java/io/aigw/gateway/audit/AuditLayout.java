package io.aigw.gateway.audit;

import io.aigw.filters.audit.AuditChain;
import io.aigw.filters.audit.AuditChains;
import io.aigw.gateway.config.NodeId;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where this replica writes its audit chain and which chains the readers (verification, the compliance
 * report, the console) read:
 * <ul>
 *   <li>neither {@code aigw.audit.dir} nor {@code aigw.audit.root} set: this replica writes
 *       {@code data/audit/<node-id>/} and reads every chain under {@code data/audit};</li>
 *   <li>{@code aigw.audit.root} set: it writes {@code <root>/<node-id>/} (or {@code aigw.audit.dir} when
 *       set too) and reads every chain under the root plus its own;</li>
 *   <li>only {@code aigw.audit.dir} set: it writes and reads that one chain (a single gateway).</li>
 * </ul>
 * Chains are found anew on each read ({@link AuditChains}): a replica that joins is reported without a
 * restart. Immutable.
 *
 * @param node this replica's node id
 * @param own this replica's chain
 * @param root the shared audit root read by the readers, or null for this replica's chain only
 */
public record AuditLayout(NodeId node, AuditChain own, Path root) {

    /** The audit root when nothing is configured. */
    public static final Path DEFAULT_ROOT = Path.of("data/audit");

    public AuditLayout {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(own, "own");
    }

    /** The layout of {@code aigw.audit.dir} and {@code aigw.audit.root} for {@code node}. */
    public static AuditLayout of(AuditProperties properties, NodeId node) {
        Path root = properties.root() != null ? properties.root() : properties.dir() == null ? DEFAULT_ROOT : null;
        Path own = properties.dir() != null ? properties.dir() : root.resolve(node.value());
        return new AuditLayout(node, new AuditChain(node.value(), own), root);
    }

    /** This replica's chain directory: the one its writer locks and appends to. */
    public Path dir() {
        return own.dir();
    }

    /** The chains the readers read: this replica's first, then the others under the root by node. Reads the file system. */
    public List<AuditChain> chains() {
        return AuditChains.find(root, List.of(own));
    }
}
