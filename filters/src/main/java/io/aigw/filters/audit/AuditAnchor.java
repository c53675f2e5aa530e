package io.aigw.filters.audit;

/**
 * Where the writer sends the head of each signed checkpoint ({@link CheckpointHead}), so that a
 * copy of the chain's progress lives outside the audit directory. Called on the writer thread
 * once the checkpoint is written and forced: implementations must not block (queue and return).
 */
@FunctionalInterface
public interface AuditAnchor {

    /** No witness. */
    AuditAnchor NONE = head -> {
    };

    /** Hands {@code head} over; never blocks, never throws for a witness that is down. */
    void publish(CheckpointHead head);
}
