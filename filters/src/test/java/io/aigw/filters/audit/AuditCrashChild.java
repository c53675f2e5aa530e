package io.aigw.filters.audit;

import io.aigw.filters.label.SigningKeyDirectory;
import io.aigw.filters.label.SigningKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link AuditCrashTest} kills: writes audit records as fast as the writer takes
 * them, until killed. Arguments: the audit directory and the audit key directory.
 */
public final class AuditCrashChild {

    private AuditCrashChild() {
    }

    public static void main(String[] args) {
        SigningKeys keys = new SigningKeyDirectory(Path.of(args[1]), Clock.systemUTC()).loadOrCreate();
        AuditWriterConfig config = AuditWriterConfig.defaults(Path.of(args[0]))
                .withIncludeText(true)
                .withFsync(FsyncPolicy.NONE)
                .withCheckpointEveryLines(50)
                .withQueueCapacity(256);
        AuditWriter writer = AuditWriter.start(config, Ed25519AuditSigner.of(keys), Clock.systemUTC());
        for (long i = 0; ; i++) {
            while (!writer.offer(AuditFixtures.served("crash-" + i, Instant.now(), "acme"))) {
                LockSupport.parkNanos(100_000); // queue full: let the writer catch up
            }
        }
    }
}
