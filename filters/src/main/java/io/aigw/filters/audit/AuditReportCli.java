package io.aigw.filters.audit;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line compliance report over copies of audit chains, for a fleet whose replicas keep their
 * chains on volumes of their own (each replica's {@code /admin/report} reads only what it can see).
 *
 * <pre>
 * java -cp aigw-filters.jar io.aigw.filters.audit.AuditReportCli [--from FROM] [--to TO] [--product P] [--csv] [--root AUDIT_ROOT] [AUDIT_DIR...]
 * </pre>
 * Prints {@link ComplianceReport#toJson()} (or {@link ComplianceReport#toCsv()} with {@code --csv}) of
 * every chain under {@code --root} and every chain directory given, each read once (see
 * {@link AuditChains}): per product, per node and in total, as {@code /admin/report} does. {@code FROM}
 * and {@code TO} are ISO instants or dates (UTC; a {@code TO} date includes its whole day); default
 * everything. It reads and counts; it does not verify the chains (run {@link AuditVerifyCli} on them
 * first). Exit status: 0 printed, 2 usage error or unreadable input (message on standard error).
 */
public final class AuditReportCli {

    /** Exit status of a printed report. */
    public static final int OK = 0;
    /** Exit status of a usage error or an unreadable input. */
    public static final int USAGE = 2;

    private static final String USAGE_LINE = "usage: AuditReportCli [--from FROM] [--to TO] [--product PRODUCT] [--csv] "
            + "[--root AUDIT_ROOT] [AUDIT_DIR...]";

    private AuditReportCli() {
    }

    /** Prints the report and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Prints the report without exiting: the testable entry point.
     *
     * @return {@link #OK} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Instant from = Instant.EPOCH;
        Instant to = Instant.parse("9999-12-31T00:00:00Z");
        String product = null;
        boolean csv = false;
        Path root = null;
        List<AuditChain> given = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--from" -> from = instant(valueAfter(args, i++), false);
                    case "--to" -> to = instant(valueAfter(args, i++), true);
                    case "--product" -> product = valueAfter(args, i++);
                    case "--csv" -> csv = true;
                    case "--root" -> root = directory(valueAfter(args, i++));
                    default -> {
                        if (arg.startsWith("--")) {
                            throw new UsageException();
                        }
                        Path dir = directory(arg);
                        Path name = dir.toAbsolutePath().normalize().getFileName();
                        given.add(new AuditChain(name == null ? arg : name.toString(), dir));
                    }
                }
            }
            if (root == null && given.isEmpty()) {
                throw new UsageException();
            }
            List<AuditChain> chains = AuditChains.find(root, given);
            if (chains.isEmpty()) {
                throw new IllegalArgumentException(root + " holds no audit chain");
            }
            ComplianceReport report = ComplianceReport.compute(chains, from, to, product);
            out.println(csv ? report.toCsv() : report.toJson());
            return OK;
        } catch (UsageException e) {
            err.println(USAGE_LINE);
            return USAGE;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
    }

    /** An ISO instant, or a UTC date: its start, or with {@code endOfDay} the start of the next day. */
    private static Instant instant(String value, boolean endOfDay) {
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (endOfDay ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not an ISO date or instant: '" + value + "'");
        }
    }

    private static Path directory(String value) {
        Path dir = Path.of(value);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        return dir;
    }

    /** The value of the option at {@code i}. */
    private static String valueAfter(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new UsageException();
        }
        return args[i + 1];
    }

    private static final class UsageException extends RuntimeException {
        UsageException() {
            super(null, null, false, false);
        }
    }
}
