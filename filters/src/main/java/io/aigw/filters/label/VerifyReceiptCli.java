package io.aigw.filters.label;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Command-line receipt verifier, for anyone holding an answer, its receipt and the gateway's
 * published keys ({@code GET /.well-known/aigc-keys} saved to a file).
 *
 * <pre>
 * java -cp aigw-filters.jar io.aigw.filters.label.VerifyReceiptCli JWKS_FILE CONTENT_FILE|- RECEIPT|@RECEIPT_FILE [--choice=N]
 * </pre>
 * With {@code --choice=N} the content is checked against the digest of choice {@code N} of the
 * answer (an OpenAI {@code choices[N]}); by default choice 0.
 * The content file must hold exactly the delivered text (label included, no added final newline);
 * {@code -} reads it from standard input. The receipt is given inline or, with {@code @}, read
 * from a file (surrounding blanks are ignored). Prints the result JSON
 * ({@link ReceiptVerification#toJson()}) on standard output. Exit status: 0 valid, 1 invalid,
 * 2 usage error or unreadable input (message on standard error).
 */
public final class VerifyReceiptCli {

    /** Exit status of a valid receipt. */
    public static final int VALID = 0;
    /** Exit status of an invalid receipt. */
    public static final int INVALID = 1;
    /** Exit status of a usage error or an unreadable input. */
    public static final int USAGE = 2;

    private VerifyReceiptCli() {
    }

    /** Runs the verifier and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs the verifier without exiting: the testable entry point.
     *
     * @return {@link #VALID}, {@link #INVALID} or {@link #USAGE}
     */
    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        int choice = 0;
        if (args.length == 4 && args[3].startsWith("--choice=")) {
            try {
                choice = Integer.parseInt(args[3].substring("--choice=".length()));
            } catch (NumberFormatException e) {
                choice = -1;
            }
        }
        if ((args.length != 3 && args.length != 4) || choice < 0 || (args.length == 4 && !args[3].startsWith("--choice="))) {
            err.println("usage: VerifyReceiptCli JWKS_FILE CONTENT_FILE|- RECEIPT|@RECEIPT_FILE [--choice=N]");
            return USAGE;
        }
        Jwks jwks;
        byte[] content;
        String receipt;
        try {
            Path jwksFile = Path.of(args[0]);
            jwks = Jwks.parse(jwksFile.toString(), Files.readString(jwksFile, StandardCharsets.UTF_8));
            content = args[1].equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(args[1]));
            receipt = args[2].startsWith("@")
                    ? Files.readString(Path.of(args[2].substring(1)), StandardCharsets.US_ASCII)
                    : args[2];
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: " + e);
            return USAGE;
        }
        ReceiptVerification result = ReceiptVerifier.verify(content, receipt, jwks, choice);
        out.println(result.toJson());
        return result.valid() ? VALID : INVALID;
    }
}
