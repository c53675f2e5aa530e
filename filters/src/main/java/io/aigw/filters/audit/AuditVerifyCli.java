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
 * </pre>
 * Prints {@link AuditVerification#toJson()} on standard output. Use
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
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(FINAL)) {
                requireFinal = true;
            } else if (args[i].equals(ANCHOR) && i + 1 < args.length) {
                anchor = Path.of(args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() != 2 || positional.stream().anyMatch(a -> a.startsWith("--"))) {
            err.println("usage: AuditVerifyCli [" + FINAL + "] [" + ANCHOR + " WITNESS_DIR] AUDIT_DIR JWKS_FILE");
            return USAGE;
        }
        if (anchor != null && !Files.isRegularFile(anchor.resolve(DirectoryWitness.FILE_NAME))) {
            err.println("error: " + anchor + " holds no " + DirectoryWitness.FILE_NAME);
            return USAGE;
        }
        Path dir = Path.of(positional.get(0));
        if (!Files.isDirectory(dir)) {
            err.println("error: " + dir + " is not a directory");
            return USAGE;
        }
        AuditVerification result;
        try {
            Path jwksFile = Path.of(positional.get(1));
            Jwks keys = Jwks.parse(jwksFile.toString(), Files.readString(jwksFile, StandardCharsets.UTF_8));
            result = AuditVerifier.verify(dir, keys, requireFinal, anchor);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            err.println("error: " + e);
            return USAGE;
        }
        out.println(result.toJson());
        return result.valid() ? VALID : INVALID;
    }
}
