package io.aigw.bench;

import io.aigw.filters.audit.AuditRecord;
import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.audit.AuditWriterConfig;
import io.aigw.filters.audit.Ed25519AuditSigner;
import io.aigw.filters.audit.FsyncPolicy;
import io.aigw.filters.label.SigningKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the audit benchmarks share: a writer, a typical served record, and removing their temp directory. */
final class AuditBenchFixtures {

    private AuditBenchFixtures() {
    }

    /** A writer into {@code dir} with the named fsync policy, a queue of {@code capacity} lines and a fresh key. */
    static AuditWriter startWriter(Path dir, String fsync, int capacity) {
        AuditWriterConfig config = AuditWriterConfig.defaults(dir).withFsync(FsyncPolicy.fromName(fsync))
                .withQueueCapacity(capacity);
        return AuditWriter.start(config, Ed25519AuditSigner.of(SigningKeys.generateInMemory()), Clock.systemUTC());
    }

    /** A served, labeled exchange with a receipt, as most lines are. */
    static AuditRecord servedRecord() {
        return AuditRecord.builder("req-0123456789abcdef", Instant.now()).protocol("openai").product("acme-chat")
                .model("qwen-max").license(AuditRecord.LicenseCheck.allow())
                .prompt(AuditRecord.ScanVerdict.allow()).completion(AuditRecord.ScanVerdict.allow())
                .generated(true).label(new AuditRecord.LabelFlags(true, true, true))
                .produceId("20261124T080000Z-acme-0000000001")
                .receipt("eyJhbGciOiJFZERTQSIsImtpZCI6IngiLCJ0eXAiOiJhaWdjLXJlY2VpcHQrand0In0."
                        + "eyJwcm9kdWNlX2lkIjoiMSJ9.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl")
                .contentSha256("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU")
                .upstream(new AuditRecord.UpstreamCall(200, 850)).usage(new AuditRecord.TokenUsage(120L, 480L))
                .outcome(AuditRecord.Outcome.SERVED).build();
    }

    /** Deletes {@code dir} and everything in it. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
