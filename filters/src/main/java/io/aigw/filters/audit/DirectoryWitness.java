package io.aigw.filters.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A witness directory ({@code aigw.audit.anchor-dir}): appends each head as one line to
 * {@value #FILE_NAME} and forces it. Meant for a different disk or mount than the audit directory
 * (another volume, a network share); {@code verify --anchor DIR} reads it back.
 */
public final class DirectoryWitness implements WitnessSink {

    /** The file of heads in the witness directory, in seq order. */
    public static final String FILE_NAME = "audit-anchor.jsonl";

    private final Path dir;

    public DirectoryWitness(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    @Override
    public void send(CheckpointHead head) throws IOException {
        Files.createDirectories(dir);
        byte[] json = head.toJson();
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        try (FileChannel ch = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (line.hasRemaining()) {
                ch.write(line);
            }
            ch.force(false);
        }
    }

    @Override
    public String describe() {
        return dir.toString();
    }
}
