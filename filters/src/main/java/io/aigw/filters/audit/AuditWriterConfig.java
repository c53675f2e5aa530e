package io.aigw.filters.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Settings of an {@link AuditWriter}, one per {@code aigw.audit.*} property. Immutable; the
 * constructor validates and names the bad property and value.
 *
 * @param dir {@code aigw.audit.dir}, default {@code data/audit}
 * @param zone {@code aigw.audit.zone}: the zone of the day in file names, default {@code Asia/Shanghai}
 * @param includeText {@code aigw.audit.include-text}, default false
 * @param fsync {@code aigw.audit.fsync}, default {@link FsyncPolicy#BATCH}
 * @param queueCapacity {@code aigw.audit.queue-capacity}, default 10000: lines reserved or queued
 *     at once, so also the ceiling on concurrent exchanges while the audit is on
 * @param checkpointEveryLines {@code aigw.audit.checkpoint-every-lines}, default 1000
 * @param checkpointEvery {@code aigw.audit.checkpoint-every}, default 60 s: a checkpoint is also
 *     written when this much time has passed since the last one and lines were written since
 * @param retentionDays {@code aigw.audit.retention-days}, default 180: files of days older than
 *     this many days before today are deleted at start-up and at each daily rotation
 * @param retryBackoff {@code aigw.audit.retry-backoff}, default 1 s: after a disk error the writer
 *     reopens the log after this long, doubling the wait after each failed attempt
 * @param retryBackoffMax {@code aigw.audit.retry-backoff-max}, default 30 s: the longest wait between attempts
 */
public record AuditWriterConfig(Path dir, ZoneId zone, boolean includeText, FsyncPolicy fsync, int queueCapacity,
        int checkpointEveryLines, Duration checkpointEvery, int retentionDays, Duration retryBackoff,
        Duration retryBackoffMax) {

    public static final String DEFAULT_DIR = "data/audit";
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final int DEFAULT_CHECKPOINT_EVERY_LINES = 1000;
    public static final Duration DEFAULT_CHECKPOINT_EVERY = Duration.ofSeconds(60);
    public static final int DEFAULT_RETENTION_DAYS = 180;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofSeconds(30);

    /**
     * @throws NullPointerException when an object component is null
     * @throws IllegalArgumentException naming the property and value when a number is out of range
     */
    public AuditWriterConfig {
        Objects.requireNonNull(dir, "aigw.audit.dir");
        Objects.requireNonNull(zone, "aigw.audit.zone");
        Objects.requireNonNull(fsync, "aigw.audit.fsync");
        Objects.requireNonNull(checkpointEvery, "aigw.audit.checkpoint-every");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("aigw.audit.queue-capacity must be at least 1, got " + queueCapacity);
        }
        if (checkpointEveryLines < 1) {
            throw new IllegalArgumentException(
                    "aigw.audit.checkpoint-every-lines must be at least 1, got " + checkpointEveryLines);
        }
        if (checkpointEvery.isNegative() || checkpointEvery.isZero()) {
            throw new IllegalArgumentException("aigw.audit.checkpoint-every must be positive, got " + checkpointEvery);
        }
        if (retentionDays < 1) {
            throw new IllegalArgumentException("aigw.audit.retention-days must be at least 1, got " + retentionDays);
        }
        Objects.requireNonNull(retryBackoff, "aigw.audit.retry-backoff");
        Objects.requireNonNull(retryBackoffMax, "aigw.audit.retry-backoff-max");
        if (retryBackoff.isNegative() || retryBackoff.isZero()) {
            throw new IllegalArgumentException("aigw.audit.retry-backoff must be positive, got " + retryBackoff);
        }
        if (retryBackoffMax.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("aigw.audit.retry-backoff-max must be at least aigw.audit.retry-backoff, got "
                    + retryBackoffMax);
        }
    }

    /** The settings with the default retry backoff. */
    public AuditWriterConfig(Path dir, ZoneId zone, boolean includeText, FsyncPolicy fsync, int queueCapacity,
            int checkpointEveryLines, Duration checkpointEvery, int retentionDays) {
        this(dir, zone, includeText, fsync, queueCapacity, checkpointEveryLines, checkpointEvery, retentionDays,
                DEFAULT_RETRY_BACKOFF, DEFAULT_RETRY_BACKOFF_MAX);
    }

    /** The defaults, writing into {@code dir}. */
    public static AuditWriterConfig defaults(Path dir) {
        return new AuditWriterConfig(dir, DEFAULT_ZONE, false, FsyncPolicy.BATCH, DEFAULT_QUEUE_CAPACITY,
                DEFAULT_CHECKPOINT_EVERY_LINES, DEFAULT_CHECKPOINT_EVERY, DEFAULT_RETENTION_DAYS);
    }

    public AuditWriterConfig withZone(ZoneId v) {
        return new AuditWriterConfig(dir, v, includeText, fsync, queueCapacity, checkpointEveryLines, checkpointEvery,
                retentionDays, retryBackoff, retryBackoffMax);
    }

    public AuditWriterConfig withIncludeText(boolean v) {
        return new AuditWriterConfig(dir, zone, v, fsync, queueCapacity, checkpointEveryLines, checkpointEvery,
                retentionDays, retryBackoff, retryBackoffMax);
    }

    public AuditWriterConfig withFsync(FsyncPolicy v) {
        return new AuditWriterConfig(dir, zone, includeText, v, queueCapacity, checkpointEveryLines, checkpointEvery,
                retentionDays, retryBackoff, retryBackoffMax);
    }

    public AuditWriterConfig withQueueCapacity(int v) {
        return new AuditWriterConfig(dir, zone, includeText, fsync, v, checkpointEveryLines, checkpointEvery,
                retentionDays, retryBackoff, retryBackoffMax);
    }

    public AuditWriterConfig withCheckpointEveryLines(int v) {
        return new AuditWriterConfig(dir, zone, includeText, fsync, queueCapacity, v, checkpointEvery, retentionDays,
                retryBackoff, retryBackoffMax);
    }

    public AuditWriterConfig withCheckpointEvery(Duration v) {
        return new AuditWriterConfig(dir, zone, includeText, fsync, queueCapacity, checkpointEveryLines, v,
                retentionDays, retryBackoff, retryBackoffMax);
    }

    public AuditWriterConfig withRetryBackoff(Duration v, Duration max) {
        return new AuditWriterConfig(dir, zone, includeText, fsync, queueCapacity, checkpointEveryLines,
                checkpointEvery, retentionDays, v, max);
    }

    public AuditWriterConfig withRetentionDays(int v) {
        return new AuditWriterConfig(dir, zone, includeText, fsync, queueCapacity, checkpointEveryLines,
                checkpointEvery, v, retryBackoff, retryBackoffMax);
    }
}
