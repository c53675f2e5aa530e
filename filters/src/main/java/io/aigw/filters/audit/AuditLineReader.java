package io.aigw.filters.audit;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the audit files of a directory line by line, in chain order, keeping the exact bytes of
 * each line (the hash covers them). One line in memory at a time; lines longer than the cap are
 * returned cut, flagged {@link Line#tooLong()}. Not thread-safe.
 */
final class AuditLineReader implements Closeable {

    /** The longest line read whole: ample for a record with included texts of a long answer. */
    static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

    /**
     * @param file the file it came from
     * @param number 1-based line number in that file
     * @param bytes the line without its {@code '\n'}
     * @param terminated whether a {@code '\n'} ended it (false only for the last line of a file)
     * @param tooLong whether it exceeded {@link #MAX_LINE_BYTES} and was cut
     */
    record Line(Path file, long number, byte[] bytes, boolean terminated, boolean tooLong) {
        String fileName() {
            return file.getFileName().toString();
        }
    }

    private final List<Path> files;
    private final int maxLineBytes;
    private int fileIndex = -1;
    private InputStream in;
    private long lineNumber;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    /** Bytes read from {@link #in} and not yet consumed: {@code chunk[pos, limit)}. */
    private final byte[] chunk = new byte[64 * 1024];
    private int pos;
    private int limit;

    AuditLineReader(List<Path> files) {
        this(files, MAX_LINE_BYTES);
    }

    AuditLineReader(List<Path> files, int maxLineBytes) {
        this.files = files;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * The next line of the current or a later file, or null after the last.
     *
     * @throws IOException when a file cannot be read
     */
    Line next() throws IOException {
        while (true) {
            if (in == null) {
                if (++fileIndex >= files.size()) {
                    return null;
                }
                in = Files.newInputStream(files.get(fileIndex));
                lineNumber = 0;
                pos = 0;
                limit = 0;
            }
            Line line = readLine();
            if (line != null) {
                return line;
            }
            in.close();
            in = null;
        }
    }

    private Line readLine() throws IOException {
        buffer.reset();
        boolean tooLong = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(chunk);
                pos = 0;
                if (limit < 0) {
                    limit = 0;
                    break;
                }
            }
            int start = pos;
            while (pos < limit && chunk[pos] != '\n') {
                pos++;
            }
            int room = maxLineBytes - buffer.size();
            if (pos - start > room) {
                tooLong = true;
            }
            buffer.write(chunk, start, Math.min(pos - start, room));
            if (pos < limit) {
                pos++; // the '\n'
                return new Line(files.get(fileIndex), ++lineNumber, buffer.toByteArray(), true, tooLong);
            }
        }
        if (buffer.size() == 0 && !tooLong) {
            return null;
        }
        return new Line(files.get(fileIndex), ++lineNumber, buffer.toByteArray(), false, tooLong);
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
            in = null;
        }
    }
}
