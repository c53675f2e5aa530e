package io.aigw.filters.audit;

/**
 * A snapshot of an {@link AuditWriter}'s counters (totals since start). Immutable.
 *
 * @param written record lines written to the file
 * @param rejected reservations refused (queue full, writer failed or closed): exchanges that got
 *     no line; in fail-open mode they were served anyway
 * @param failed record lines accepted but not written (the disk failed, or submitted after close)
 * @param cancelled tickets given back without a line
 * @param checkpoints checkpoints written
 * @param inFlight capacity in use now (reserved tickets plus queued lines)
 * @param segmentBreaks times the writer found its file deleted, replaced, truncated or appended to
 *     by someone else, and continued in a new segment after a {@code break} line
 * @param recoveries times the writer reopened the log after a disk error
 */
public record AuditCounters(long written, long rejected, long failed, long cancelled, long checkpoints,
        int inFlight, long segmentBreaks, long recoveries) {
}
