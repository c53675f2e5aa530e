package io.aigw.filters.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Where an existing chain ends, read from the tail of the newest files at start-up without
 * reading whole files: the {@code seq} and hash of the last complete line, and the torn fragment
 * a killed writer may have left after it.
 *
 * @param lastSeq the {@code seq} of the last complete line; 0 when the directory holds no line
 * @param lastHash the hash of the last complete line; {@link AuditHash#GENESIS} when none
 * @param tornFile the file holding a torn fragment after the last complete line, or null
 * @param tornBytes the fragment length; 0 when none
 * @param tornHash the fragment's hash, or null
 * @param tornUnterminated whether the fragment still lacks its {@code '\n'} (false when a previous
 *     restart terminated it, then died before acknowledging it)
 */
record ChainTail(long lastSeq, String lastHash, Path tornFile, int tornBytes, String tornHash,
        boolean tornUnterminated) {

    private static final int BLOCK = 64 * 1024;

    /** Whether the directory already holds a chain to continue. */
    boolean exists() {
        return lastSeq > 0 || tornFile != null;
    }

    /**
     * Reads the tail of the chain in {@code dir}.
     *
     * @throws IOException when a file cannot be read
     * @throws IllegalStateException naming the file when, besides one torn fragment, the end of
     *     the chain is not an audit line (the chain cannot be continued safely: run the verifier)
     */
    static ChainTail read(Path dir) throws IOException {
        List<Path> files = AuditFiles.list(dir);
        Path tornFile = null;
        int tornBytes = 0;
        String tornHash = null;
        boolean tornUnterminated = false;
        for (int i = files.size() - 1; i >= 0; i--) {
            Path file = files.get(i);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long end = ch.size();
                if (end > 0 && tornFile == null && lastByte(ch, end) != '\n') {
                    long fragmentStart = lastNewlineBefore(ch, end) + 1;
                    byte[] fragment = read(ch, fragmentStart, end);
                    tornFile = file;
                    tornBytes = fragment.length;
                    tornHash = AuditHash.of(fragment);
                    tornUnterminated = true;
                    end = fragmentStart;
                }
                while (end > 0) {
                    long lineEnd = end - 1;
                    long lineStart = lastNewlineBefore(ch, lineEnd) + 1;
                    byte[] line = read(ch, lineStart, lineEnd);
                    long seq = seqOf(line);
                    if (seq > 0) {
                        return new ChainTail(seq, AuditHash.of(line), tornFile, tornBytes, tornHash, tornUnterminated);
                    }
                    if (tornFile != null) {
                        throw new IllegalStateException(file + ": the line at byte " + lineStart + " is not an audit"
                                + " line, and a torn line follows it; the chain cannot be continued (run the audit verifier)");
                    }
                    // A fragment terminated by a restart that died before writing its restart line.
                    tornFile = file;
                    tornBytes = line.length;
                    tornHash = AuditHash.of(line);
                    end = lineStart;
                }
            }
        }
        return new ChainTail(0, AuditHash.GENESIS, tornFile, tornBytes, tornHash, tornUnterminated);
    }

    /** The seq of an audit line, or 0 when the bytes are not one. */
    private static long seqOf(byte[] line) {
        try {
            JsonNode node = AuditLineFormat.MAPPER.readTree(line);
            JsonNode seq = node == null ? null : node.get("seq");
            if (seq != null && seq.isIntegralNumber() && seq.longValue() > 0) {
                return seq.longValue();
            }
        } catch (JacksonException e) {
            // not JSON: a fragment
        }
        return 0;
    }

    private static int lastByte(FileChannel ch, long end) throws IOException {
        return read(ch, end - 1, end)[0];
    }

    /** Position of the last {@code '\n'} before {@code pos}, or -1. */
    private static long lastNewlineBefore(FileChannel ch, long pos) throws IOException {
        long blockEnd = pos;
        while (blockEnd > 0) {
            long blockStart = Math.max(0, blockEnd - BLOCK);
            byte[] block = read(ch, blockStart, blockEnd);
            for (int i = block.length - 1; i >= 0; i--) {
                if (block[i] == '\n') {
                    return blockStart + i;
                }
            }
            blockEnd = blockStart;
        }
        return -1;
    }

    private static byte[] read(FileChannel ch, long from, long to) throws IOException {
        long length = to - from;
        if (length > AuditLineReader.MAX_LINE_BYTES) {
            throw new IOException("audit line of " + length + " bytes is longer than the limit");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, from + buf.position()) < 0) {
                throw new IOException("file shrank while reading its tail");
            }
        }
        return buf.array();
    }
}
