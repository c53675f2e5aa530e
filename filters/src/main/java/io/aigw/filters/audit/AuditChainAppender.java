package io.aigw.filters.audit;

import io.aigw.filters.audit.AuditLineFormat.ChainStart;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Appends lines to the chain in the daily files: keeps {@code seq} and the last hash, rotates at
 * midnight in the configured zone (a checkpoint closes each day file), applies retention, and
 * continues an existing chain at {@link #open}. Single-threaded: only the writer thread (or a
 * test) calls it. Every method may throw {@link IOException}; after one, the appender must not be
 * used again (the writer opens a new one, which continues the chain from what is on disk).
 *
 * <p>It also watches its file: {@link #integrityProblem()} compares the file at the path with the
 * one it appends to (file key, size it wrote), and {@link #startSegment} continues the chain in a
 * new file at that path after a {@code break} line when someone deleted, replaced, truncated or
 * appended to it. Heads of the checkpoints it writes wait in {@link #publishHeads()} for the writer
 * to hand them to the anchor once they are forced.
 */
final class AuditChainAppender implements Closeable {

    private final AuditWriterConfig config;
    private final Clock clock;
    private final AuditSigner signer;
    private final AuditLineFormat format;
    private final AuditFileOpener opener;
    private final AuditAnchor anchor;
    private final List<CheckpointHead> heads = new ArrayList<>();
    private Object fileKey;
    private long expectedSize;
    private long seq;
    private String prev;
    private LocalDate day;
    private Path file;
    private FileChannel channel;
    private long linesSinceCheckpoint;
    private Instant lastCheckpoint;
    private boolean unforced;
    private long checkpoints;

    private AuditChainAppender(AuditWriterConfig config, Clock clock, AuditSigner signer, AuditFileOpener opener,
                               AuditAnchor anchor) {
        this.config = config;
        this.clock = clock;
        this.signer = signer;
        this.opener = opener;
        this.anchor = anchor;
        this.format = new AuditLineFormat(config.includeText());
    }

    /**
     * Opens the chain in {@code config.dir()}, creating the directory. An existing chain is
     * continued: a torn last line is terminated and acknowledged by a restart line, then a
     * checkpoint signs what the previous process left unsigned. Retention runs last.
     */
    static AuditChainAppender open(AuditWriterConfig config, Clock clock, AuditSigner signer) throws IOException {
        return open(config, clock, signer, AuditFileOpener.DEFAULT, AuditAnchor.NONE);
    }

    /** As {@link #open(AuditWriterConfig, Clock, AuditSigner)}, appending through {@code opener}, heads to {@code anchor}. */
    static AuditChainAppender open(AuditWriterConfig config, Clock clock, AuditSigner signer, AuditFileOpener opener,
                                   AuditAnchor anchor) throws IOException {
        Files.createDirectories(config.dir());
        AuditChainAppender a = new AuditChainAppender(config, clock, signer, opener, anchor);
        ChainTail tail = ChainTail.read(config.dir());
        a.seq = tail.lastSeq();
        a.prev = tail.lastHash();
        a.lastCheckpoint = clock.instant();
        if (tail.tornUnterminated()) {
            try (FileChannel ch = opener.openForAppend(tail.tornFile())) {
                writeFully(ch, new byte[] {'\n'});
                ch.force(false);
            }
        }
        a.day = LocalDate.ofInstant(clock.instant(), config.zone());
        LocalDate newest = newestDay(config.dir());
        if (newest != null && newest.isAfter(a.day)) {
            a.day = newest; // the clock went back: never reopen an older day
        }
        a.openDayFile();
        if (tail.exists()) {
            a.append(AuditLineFormat.restart(a.seq + 1, a.prev, clock.instant(), tail.tornBytes(), tail.tornHash()));
            a.retention();
            a.checkpoint();
        } else {
            a.retention();
        }
        a.force();
        return a;
    }

    /** Appends a record line, rotating first when the day changed and checkpointing when due by count. */
    void appendRecord(AuditRecord record) throws IOException {
        rotateIfNewDay();
        append(format.record(seq + 1, prev, record));
        linesSinceCheckpoint++;
        if (linesSinceCheckpoint >= config.checkpointEveryLines()) {
            checkpoint();
        }
        if (config.fsync() == FsyncPolicy.LINE) {
            force();
        }
    }

    /** Writes a checkpoint when lines were written since the last one and the interval has passed. */
    void checkpointIfDue() throws IOException {
        if (linesSinceCheckpoint > 0
                && !clock.instant().isBefore(lastCheckpoint.plus(config.checkpointEvery()))) {
            if (!rotateIfNewDay()) { // a rotation closes the day with a checkpoint already
                checkpoint();
            }
        }
    }

    /** Writes a signed checkpoint now (even when nothing was written since the last). */
    void checkpoint() throws IOException {
        Instant now = clock.instant();
        byte[] line = AuditLineFormat.checkpoint(seq + 1, prev, now, signer);
        append(line);
        heads.add(new CheckpointHead(seq, prev, now.toString(), file.getFileName().toString()));
        linesSinceCheckpoint = 0;
        lastCheckpoint = now;
        checkpoints++;
    }

    /** Forces written lines to the device, when any were written since the last force. */
    void force() throws IOException {
        if (unforced) {
            channel.force(false);
            unforced = false;
        }
    }

    /** Hands the heads of the checkpoints written since the last call to the anchor; call after {@link #force()}. */
    void publishHeads() {
        for (CheckpointHead head : heads) {
            anchor.publish(head);
        }
        heads.clear();
    }

    /**
     * Whether the file at the path is still the one this appender wrote, as it wrote it: null when
     * it is, else {@code deleted}, {@code replaced} (another file at the path), {@code truncated}
     * (shorter than what was written) or {@code grown} (someone else appended). One {@code stat}.
     */
    String integrityProblem() throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return "deleted";
        }
        if (fileKey != null && !fileKey.equals(now.fileKey())) {
            return "replaced";
        }
        if (now.size() < expectedSize) {
            return "truncated";
        }
        return now.size() > expectedSize ? "grown" : null;
    }

    /**
     * Starts a new segment after {@link #integrityProblem()} found {@code reason}: closes the old
     * channel, opens the file at the path (created when gone, appended to otherwise), writes a
     * {@code break} line continuing the chain held in memory, then a checkpoint, and forces.
     */
    void startSegment(String reason) throws IOException {
        long expected = expectedSize;
        Long found = Files.exists(file) ? Files.size(file) : null;
        try {
            channel.close();
        } catch (IOException e) {
            // the old channel is abandoned either way
        }
        channel = null;
        openDayFile();
        append(AuditLineFormat.segmentBreak(seq + 1, prev, clock.instant(), file.getFileName().toString(), reason,
                expected, found));
        checkpoint();
        force();
    }

    /** The {@code seq} of the last line written. */
    long seq() {
        return seq;
    }

    /** Checkpoints written by this appender. */
    long checkpoints() {
        return checkpoints;
    }

    /** The file lines go to now. */
    Path file() {
        return file;
    }

    /** Final checkpoint (when lines are unsigned), force, close. */
    void closeCleanly() throws IOException {
        if (linesSinceCheckpoint > 0) {
            checkpoint();
        }
        force();
        publishHeads();
        close();
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** Rotates when the day changed, writing a checkpoint into the old file; true when it did. */
    private boolean rotateIfNewDay() throws IOException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), config.zone());
        if (!today.isAfter(day)) {
            return false;
        }
        checkpoint();
        force();
        channel.close();
        day = today;
        openDayFile();
        retention();
        return true;
    }

    private void openDayFile() throws IOException {
        file = config.dir().resolve(AuditFiles.nameOf(day));
        channel = opener.openForAppend(file);
        fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        expectedSize = channel.size();
    }

    /**
     * Deletes files of days before {@code today - retentionDays} (never the current one) and, when
     * any went, records in the chain which file now holds its start.
     */
    private void retention() throws IOException {
        LocalDate oldestKept = day.minusDays(config.retentionDays());
        List<String> deleted = new ArrayList<>();
        for (Path p : AuditFiles.list(config.dir())) {
            LocalDate d = AuditFiles.dayOf(p.getFileName().toString());
            if (d.isBefore(oldestKept) && !p.equals(file)) {
                Files.delete(p);
                deleted.add(p.getFileName().toString());
            }
        }
        if (deleted.isEmpty()) {
            return;
        }
        ChainStart firstKept = firstLineOfOldestFile();
        append(AuditLineFormat.retention(seq + 1, prev, clock.instant(), deleted, firstKept));
        linesSinceCheckpoint++;
    }

    private ChainStart firstLineOfOldestFile() throws IOException {
        for (Path p : AuditFiles.list(config.dir())) {
            if (Files.size(p) == 0) {
                continue;
            }
            try (AuditLineReader reader = new AuditLineReader(List.of(p))) {
                AuditLineReader.Line first = reader.next();
                JsonNode node = AuditLineFormat.MAPPER.readTree(first.bytes());
                return new ChainStart(p.getFileName().toString(), node.get("seq").longValue(),
                        node.get("prev").stringValue());
            }
        }
        // Nothing left on disk: the chain restarts at the retention line about to be written.
        return new ChainStart(file.getFileName().toString(), seq + 1, prev);
    }

    private void append(byte[] line) throws IOException {
        byte[] withNewline = new byte[line.length + 1];
        System.arraycopy(line, 0, withNewline, 0, line.length);
        withNewline[line.length] = '\n';
        writeFully(channel, withNewline);
        expectedSize += withNewline.length;
        seq++;
        prev = AuditHash.of(line);
        unforced = true;
    }

    private static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static LocalDate newestDay(Path dir) {
        List<Path> files = AuditFiles.list(dir);
        return files.isEmpty() ? null : AuditFiles.dayOf(files.get(files.size() - 1).getFileName().toString());
    }
}
