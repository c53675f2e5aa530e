package io.aigw.filters.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens an audit day file for appending (created when missing). The writer's one way to the disk
 * for writing, so that tests can put a failing disk under a real writer.
 */
@FunctionalInterface
public interface AuditFileOpener {

    /** {@link FileChannel#open} with CREATE, WRITE, APPEND. */
    AuditFileOpener DEFAULT = file -> FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);

    /** A channel appending to {@code file}. */
    FileChannel openForAppend(Path file) throws IOException;
}
