package io.aigw.filters.audit;

import io.aigw.filters.label.Jwks;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line audit verifier, for providers and auditors holding a copy of the audit directory
 * and the audit public keys (a JWKS file).
 *
 * <pre>
 * java -cp aigw-filters.jar io.aigw.filters.audit.AuditVerifyCli [--require-final-checkpoint] [--anchor WITNESS_DIR] AUDIT_DIR JWKS_FILE
 * java -cp aigw-filters.jar io.aigw.filters.audit.AuditVerifyCli [--require-final-checkpoint] [--anchor WITNESS_DIR] [--root AUDIT_ROOT] [AUDIT_DIR...] JWKS_FILE
 * </pre>
 * With one audit directory, prints {@link AuditVerification#toJson()} on standard output. With several
 * replicas' chains (several directories, or {@code --root} with one chain directory per node, see
 * {@link AuditChains}), verifies each on its own and prints {@link AuditFleetVerification#toJson()}:
 * the totals, then per node; {@code --anchor} then applies to the first directory given. Use
 * {@code --require-final-checkpoint} on the log of a stopped gateway (see {@link AuditVerifier}
 * on truncation), and {@code --anchor} with the witness directory ({@code aigw.audit.anchor-dir})
 * to detect a tail that was cut or deleted. Exit status: 0 valid, 1 invalid, 2 usage error or unreadable input (message on
 * standard error).
 */
public final class AuditVerifyCli {

    /** Exit status of a valid log. */
    public static final int VALID = 0;
    /** Exit status of an invalid log. */
    public static final int INVALID = 1;
    /** Exit status of a usage error or an unreadable input. */
    public static final int USAGE = 2;

    private static final String FINAL = "--require-final-checkpoint";
    private static final String ANCHOR = "--anchor";
    private static final String ROOT = "--root";
    private static final String USAGE_LINE = "usage: AuditVerifyCli [" + FINAL + "] [" + ANCHOR + " WITNESS_DIR] ["
            + ROOT + " AUDIT_ROOT] [AUDIT_DIR...] JWKS_FILE";

    private AuditVerifyCli() {
    }

    /** Runs the verifier and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the verifier without exiting: the testable entry point.
     *
     * @return {@link #VALID}, {@link #INVALID} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> positional = new ArrayList<>();
        boolean requireFinal = false;
        Path anchor = null;
        Path root = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(FINAL)) {
                requireFinal = true;
            } else if (args[i].equals(ANCHOR) && i + 1 < args.length) {
                anchor = Path.of(args[++i]);
            } else if (args[i].equals(ROOT) && i + 1 < args.length) {
                root = Path.of(args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        int dirs = positional.size() - 1;
        if (dirs < (root == null ? 1 : 0) || positional.stream().anyMatch(a -> a.startsWith("--"))) {
            err.println(USAGE_LINE);
            return USAGE;
        }
        if (anchor != null && !Files.isRegularFile(anchor.resolve(DirectoryWitness.FILE_NAME))) {
            err.println("error: " + anchor + " holds no " + DirectoryWitness.FILE_NAME);
            return USAGE;
        }
        List<AuditChain> given = new ArrayList<>();
        for (String d : positional.subList(0, dirs)) {
            Path dir = Path.of(d);
            if (!Files.isDirectory(dir)) {
                err.println("error: " + dir + " is not a directory");
                return USAGE;
            }
            Path name = dir.toAbsolutePath().normalize().getFileName();
            given.add(new AuditChain(name == null ? d : name.toString(), dir));
        }
        if (root != null && !Files.isDirectory(root)) {
            err.println("error: " + root + " is not a directory");
            return USAGE;
        }
        try {
            Path jwksFile = Path.of(positional.get(dirs));
            Jwks keys = Jwks.parse(jwksFile.toString(), Files.readString(jwksFile, StandardCharsets.UTF_8));
            if (root == null && given.size() == 1) {
                AuditVerification result = AuditVerifier.verify(given.get(0).dir(), keys, requireFinal, anchor);
                out.println(result.toJson());
                return result.valid() ? VALID : INVALID;
            }
            List<AuditChain> chains = AuditChains.find(root, given);
            if (chains.isEmpty()) {
                err.println("error: " + root + " holds no audit chain");
                return USAGE;
            }
            AuditFleetVerification result = AuditFleetVerification.verify(chains, keys, requireFinal,
                    given.isEmpty() ? null : given.get(0), anchor);
            out.println(result.toJson());
            return result.valid() ? VALID : INVALID;
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            err.println("error: " + e);
            return USAGE;
        }
    }
}
