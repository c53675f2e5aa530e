package io.aigw.gateway.audit;

import io.aigw.filters.audit.AuditDirLock.AuditDirLockedException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up refused because another process writes the audit directory into Spring Boot's
 * "APPLICATION FAILED TO START" report: the lock's one-line message and what to do, no stack trace.
 * Registered in {@code META-INF/spring.factories}.
 */
public final class AuditDirLockedFailureAnalyzer extends AbstractFailureAnalyzer<AuditDirLockedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AuditDirLockedException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Stop the other gateway process, or give this one its own audit directory: a distinct aigw.node-id "
                        + "(its chain is <aigw.audit.root>/<node-id>) or aigw.audit.dir. Replicas share aigw.audit.root, "
                        + "never a chain directory.",
                cause);
    }
}
