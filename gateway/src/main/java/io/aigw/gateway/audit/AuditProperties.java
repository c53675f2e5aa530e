package io.aigw.gateway.audit;

import io.aigw.filters.audit.AuditWriterConfig;
import io.aigw.filters.audit.FsyncPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit-log settings, under {@code aigw.audit.}; each is documented with its default in
 * {@code config/README.md}. Validated by {@link #writerConfig(Path)} at start-up (a bad value stops the
 * gateway with a message naming the property).
 *
 * @param dir this replica's audit directory (daily {@code audit-YYYY-MM-DD.jsonl} files, locked by the writing
 *     process); default none: {@code <root>/<aigw.node-id>} (see {@link AuditLayout})
 * @param root the audit root shared by replicas, one chain directory per node, all read by the verifier, the
 *     report and the console; default none: {@code data/audit} when {@code dir} is not set either, else only
 *     {@code dir} is read
 * @param includeText write prompt and completion texts into the log, default false: the prompt as
 *     forwarded upstream, the completion as delivered to the client (see {@link ExchangeAuditor})
 * @param fsync <code>line</code>, <code>batch</code> (default) or <code>none</code>
 * @param queueCapacity lines reserved or queued at once, default 10000: also the ceiling on
 *     exchanges in flight
 * @param checkpointEveryLines a signed checkpoint every this many records, default 1000
 * @param checkpointEvery and when this much time passed with unsigned lines, default 60s
 * @param retentionDays day files older than this are deleted, default 180
 * @param failOpen serve when the audit cannot take a line (counted), default false: answer 503
 * @param zone the zone of the day in file names and of report dates, default {@code Asia/Shanghai}
 * @param keyDir the audit signing keys (Ed25519, their own kid), default {@code data/audit-keys}
 * @param retryBackoff after a disk error, the first wait before the log is reopened, default 1s (doubling)
 * @param retryBackoffMax the longest wait between reopen attempts, default 30s
 * @param anchorDir a witness directory (another disk) receiving each checkpoint head, default none
 * @param anchorUrl a witness endpoint receiving each checkpoint head as a JSON POST, default none
 * @param anchorTimeout how long one POST to {@code anchorUrl} may take, default 5s
 */
@ConfigurationProperties("aigw.audit")
public record AuditProperties(
        Path dir,
        Path root,
        @DefaultValue("false") boolean includeText,
        @DefaultValue("batch") String fsync,
        @DefaultValue("10000") int queueCapacity,
        @DefaultValue("1000") int checkpointEveryLines,
        @DefaultValue("60s") Duration checkpointEvery,
        @DefaultValue("180") int retentionDays,
        @DefaultValue("false") boolean failOpen,
        @DefaultValue("Asia/Shanghai") ZoneId zone,
        @DefaultValue("data/audit-keys") Path keyDir,
        @DefaultValue("1s") Duration retryBackoff,
        @DefaultValue("30s") Duration retryBackoffMax,
        Path anchorDir,
        URI anchorUrl,
        @DefaultValue("5s") Duration anchorTimeout) {

    /**
     * The writer's settings for this replica's chain directory ({@link AuditLayout#dir()}).
     *
     * @throws IllegalArgumentException naming the property and value when one is out of range
     */
    public AuditWriterConfig writerConfig(Path dir) {
        return new AuditWriterConfig(dir, zone, includeText, FsyncPolicy.fromName(fsync), queueCapacity,
                checkpointEveryLines, checkpointEvery, retentionDays, retryBackoff, retryBackoffMax);
    }
}
