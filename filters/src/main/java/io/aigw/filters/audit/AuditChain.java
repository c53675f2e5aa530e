package io.aigw.filters.audit;

import java.util.Objects;
import java.nio.file.Path;

/**
 * One replica's audit chain: the directory its writer alone appends to, named by the replica's node id.
 *
 * @param node the node id ({@code aigw.node-id}) or, for a chain found under an audit root, its directory name
 * @param dir the chain's directory (daily {@code audit-YYYY-MM-DD.jsonl} files)
 */
public record AuditChain(String node, Path dir) {

    public AuditChain {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(dir, "dir");
    }
}
