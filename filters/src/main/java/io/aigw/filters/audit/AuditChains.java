package io.aigw.filters.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the audit chains of several replicas under a shared audit root: one directory per node,
 * {@code <root>/<node-id>/}. A directory counts as a chain when it holds day files or a writer's
 * lock file ({@link AuditDirLock#FILE_NAME}); the root itself counts when it holds day files (the layout
 * before node ids: one chain directly in the root, named {@value #ROOT_NODE}). Every directory is
 * listed once, however it is reached (real paths compared), so no exchange is counted twice.
 * Stateless; reads the file system, so call it off event loops.
 */
public final class AuditChains {

    /** The node name of day files lying directly in the root. */
    public static final String ROOT_NODE = "(root)";

    private AuditChains() {
    }

    /**
     * The given chains first (in order), then every chain found under {@code root} that is not one of
     * them, sorted by node name.
     *
     * @param root the audit root, or null to read only {@code given}
     * @param given chains named by their writer (this replica's own chain, a list given on a command line)
     * @throws UncheckedIOException when the root cannot be listed
     */
    public static List<AuditChain> find(Path root, List<AuditChain> given) {
        List<AuditChain> chains = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (AuditChain chain : given) {
            if (seen.add(identity(chain.dir()))) {
                chains.add(chain);
            }
        }
        if (root == null || !Files.isDirectory(root)) {
            return List.copyOf(chains);
        }
        List<AuditChain> found = new ArrayList<>();
        if (!AuditFiles.list(root).isEmpty()) {
            found.add(new AuditChain(ROOT_NODE, root));
        }
        try (Stream<Path> entries = Files.list(root)) {
            for (Path dir : entries.filter(Files::isDirectory).toList()) {
                if (!AuditFiles.list(dir).isEmpty() || Files.exists(dir.resolve(AuditDirLock.FILE_NAME))) {
                    found.add(new AuditChain(dir.getFileName().toString(), dir));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(root + ": cannot list the audit root", e);
        }
        found.sort(Comparator.comparing(AuditChain::node));
        for (AuditChain chain : found) {
            if (seen.add(identity(chain.dir()))) {
                chains.add(chain);
            }
        }
        return List.copyOf(chains);
    }

    /** The real path when the directory exists (symbolic links resolved), else the normalized absolute path. */
    private static Path identity(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }
}
