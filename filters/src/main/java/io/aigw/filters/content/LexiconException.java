package io.aigw.filters.content;

import java.nio.file.Path;

/**
 * A lexicon directory or file that cannot be loaded. The message names the file and, when the problem is
 * one line, its 1-based line number; both are also available as {@link #file()} and {@link #line()}.
 */
public final class LexiconException extends RuntimeException {

    private final Path file;
    private final int line;

    LexiconException(Path file, int line, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    LexiconException(Path file, int line, String problem) {
        this(file, line, problem, null);
    }

    /** The offending file or directory. */
    public Path file() {
        return file;
    }

    /** The 1-based offending line, or 0 when the problem is the whole file or directory. */
    public int line() {
        return line;
    }
}
