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
 */
public record AuditCounters(long written, long rejected, long failed, long cancelled, long checkpoints,
        int inFlight) {
}
