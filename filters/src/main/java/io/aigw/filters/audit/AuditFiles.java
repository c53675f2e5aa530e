package io.aigw.filters.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The daily files of an audit directory: {@code audit-YYYY-MM-DD.jsonl}, the day taken in the
 * configured zone. Name order is chain order. Other files in the directory are ignored. Stateless.
 */
public final class AuditFiles {

    private static final Pattern NAME = Pattern.compile("audit-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");

    private AuditFiles() {
    }

    /** The file name of a day. */
    public static String nameOf(LocalDate day) {
        return "audit-" + day + ".jsonl";
    }

    /** The day of a file name, or null when the name is not an audit file's. */
    public static LocalDate dayOf(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return null;
        }
        try {
            return LocalDate.parse(m.group(1));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The audit files of {@code dir}, oldest first; none when the directory does not exist.
     *
     * @throws UncheckedIOException when the directory cannot be listed
     */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> dayOf(p.getFileName().toString()) != null && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list audit files", e);
        }
    }
}
