package io.aigw.filters.audit;

import java.io.IOException;

/** One witness that keeps checkpoint heads: a directory, an HTTP endpoint. Called by {@link AuditWitness}'s thread only. */
public interface WitnessSink {

    /** Stores {@code head}; may block up to its own timeout. */
    void send(CheckpointHead head) throws IOException;

    /** What it is, for logs: a path or a URL (never a secret). */
    String describe();
}
