package io.aigw.filters.audit;

import io.aigw.filters.audit.AuditRecord.LabelFlags;
import io.aigw.filters.audit.AuditRecord.LicenseCheck;
import io.aigw.filters.audit.AuditRecord.Outcome;
import io.aigw.filters.audit.AuditRecord.ScanVerdict;
import io.aigw.filters.audit.AuditRecord.TokenUsage;
import io.aigw.filters.audit.AuditRecord.UpstreamCall;
import io.aigw.filters.label.Ed25519Keys;
import io.aigw.filters.label.Jwks;
import io.aigw.filters.label.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shared test material: one audit key, records, and line-level file surgery. */
final class AuditFixtures {

    static final SigningKey KEY = SigningKey.of(Ed25519Keys.generate());
    static final AuditSigner SIGNER = new Ed25519AuditSigner(KEY);
    static final Jwks JWKS = new Jwks(List.of(KEY.jwk()));

    private AuditFixtures() {
    }

    /** A served, fully labeled exchange. */
    static AuditRecord served(String requestId, Instant time, String product) {
        return AuditRecord.builder(requestId, time)
                .product(product)
                .model("gpt-4o-mini")
                .protocol("openai")
                .license(LicenseCheck.allow())
                .prompt(ScanVerdict.allow())
                .completion(ScanVerdict.allow())
                .generated(true)
                .label(new LabelFlags(true, true, true))
                .produceId("P-" + requestId)
                .receipt("eyJhbGciOiJFZERTQSJ9.e30.c2ln")
                .contentSha256("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU")
                .upstream(new UpstreamCall(200, 120))
                .usage(new TokenUsage(12L, 34L))
                .outcome(Outcome.SERVED)
                .promptText("hello")
                .completionText("本内容由人工智能生成\n\nhi")
                .build();
    }

    static List<String> lines(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            lines.remove(lines.size() - 1); // after the final '\n'
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeLines(Path file, List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        try {
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
