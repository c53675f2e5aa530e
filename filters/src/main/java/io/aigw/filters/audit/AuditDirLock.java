package io.aigw.filters.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The exclusive right to write one audit directory: an operating-system lock
 * ({@link FileChannel#tryLock()}) on {@value #FILE_NAME} in it, held from before the writer opens its
 * files until after it closed them. Two processes appending to one chain break it within seconds
 * (each continues its own idea of the next {@code seq}), so a second process — or a second writer in
 * the same JVM — is refused with {@link AuditDirLockedException}. The lock file holds the holder's
 * node id and process id, for that message; the lock is released by {@link #close()} or when the
 * process ends (a killed process leaves the file, not the lock). Works on local file systems and on
 * NFS v4; file systems without locks make {@link #acquire} fail rather than pretend.
 */
public final class AuditDirLock implements AutoCloseable {

    /** The lock file's name in the audit directory (ignored by readers: not a day file). */
    public static final String FILE_NAME = ".lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private AuditDirLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (created if missing) for this process.
     *
     * @param holder written into the lock file: who holds it (for example the node id)
     * @throws AuditDirLockedException when another process or writer holds the lock
     * @throws UncheckedIOException when the directory or lock file cannot be created or locked
     */
    public static AuditDirLock acquire(Path dir, String holder) {
        Objects.requireNonNull(holder, "holder");
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another writer of this JVM
            }
            if (lock == null) {
                String owner = readHolder(channel);
                channel.close();
                throw new AuditDirLockedException(dir, owner);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((holder + " pid " + ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            return new AuditDirLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException(file + ": cannot lock the audit directory", e);
        }
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Releases the lock; idempotent. The file stays (deleting it would race with a process taking it). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // closing the channel below releases it too
        } finally {
            closeQuietly(channel);
        }
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(256);
            int n = channel.read(buffer, 0);
            return n <= 0 ? "" : new String(buffer.array(), 0, n, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /** Another process (or writer) holds the audit directory's lock. */
    public static final class AuditDirLockedException extends IllegalStateException {

        private final transient Path dir;

        AuditDirLockedException(Path dir, String holder) {
            super("audit directory " + dir.toAbsolutePath().normalize() + " is locked by another gateway process"
                    + (holder.isEmpty() ? "" : " (" + holder + ")")
                    + ": each replica needs its own audit directory (give each its own aigw.node-id or aigw.audit.dir)");
            this.dir = dir;
        }

        /** The directory that was locked. */
        public Path dir() {
            return dir;
        }
    }
}
