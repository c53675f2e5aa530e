package io.aigw.filters.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A disk for the writer that can be switched to fail as a full disk does: opening fails, and a
 * write puts half of its bytes down and then throws (a torn line), until it is switched back.
 * Counts forces, for group-commit assertions.
 */
public final class FaultyDisk implements AuditFileOpener {

    volatile boolean full;
    final AtomicInteger forces = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();

    /** From now on opening and writing fail as on a full disk. */
    public void fill() {
        full = true;
    }

    /** The disk works again. */
    public void free() {
        full = false;
    }

    @Override
    public FileChannel openForAppend(Path file) throws IOException {
        if (full) {
            throw new IOException("No space left on device (test)");
        }
        return new Channel(AuditFileOpener.DEFAULT.openForAppend(file));
    }

    private final class Channel extends FileChannel {
        private final FileChannel real;

        Channel(FileChannel real) {
            this.real = real;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            writes.incrementAndGet();
            if (full) {
                ByteBuffer half = src.duplicate();
                half.limit(half.position() + half.remaining() / 2);
                int n = real.write(half);
                src.position(src.position() + n);
                throw new IOException("No space left on device (test)");
            }
            return real.write(src);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (full) {
                throw new IOException("No space left on device (test)");
            }
            forces.incrementAndGet();
            real.force(metaData);
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
