package io.aigw.filters.audit;

import io.aigw.filters.audit.AuditRecord.ScanVerdict;
import io.aigw.filters.json.JsonMappers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders audit lines: compact JSON on one line (no pretty printing, strings escaped so no raw
 * line break can appear), keys in the fixed order documented in {@code package-info}. The bytes
 * returned are exactly what is hashed and written, without the terminating {@code '\n'}.
 * Thread-safe.
 *
 * <p>Every line starts with {@code "type"}, {@code "seq"} and {@code "prev"}; record lines
 * continue with the {@link AuditRecord} components in declaration order, all keys present
 * ({@code null} when absent), and {@code "prompt_text"} / {@code "completion_text"} last, only
 * when text is included and the record has them.
 */
public final class AuditLineFormat {

    /** Prefix of the checkpoint signing input; versioned so that a format change cannot replay. */
    static final String CHECKPOINT_DOMAIN = "aigw-audit-checkpoint.v1";

    static final JsonMapper MAPPER = JsonMappers.json();

    private final boolean includeText;

    /** @param includeText whether prompt and completion texts are written ({@code aigw.audit.include-text}) */
    public AuditLineFormat(boolean includeText) {
        this.includeText = includeText;
    }

    /** A record line. */
    public byte[] record(long seq, String prev, AuditRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            head(g, "record", seq, prev);
            g.writeStringProperty("request_id", r.requestId());
            g.writeStringProperty("time", r.time().toString());
            g.writeStringProperty("product", r.product());
            g.writeStringProperty("model", r.model());
            g.writeStringProperty("protocol", r.protocol());
            g.writeName("license");
            g.writeStartObject();
            g.writeStringProperty("decision", r.license().decision().wire());
            g.writeStringProperty("reason", r.license().reason());
            g.writeEndObject();
            verdict(g, "prompt", r.prompt());
            verdict(g, "completion", r.completion());
            g.writeBooleanProperty("generated", r.generated());
            g.writeName("label");
            if (r.label() == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                g.writeBooleanProperty("explicit", r.label().explicit());
                g.writeBooleanProperty("implicit", r.label().implicit());
                g.writeBooleanProperty("receipt", r.label().receipt());
                g.writeEndObject();
            }
            g.writeStringProperty("produce_id", r.produceId());
            g.writeStringProperty("receipt", r.receipt());
            g.writeStringProperty("content_sha256", r.contentSha256());
            g.writeName("upstream");
            if (r.upstream() == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                g.writeStringProperty("name", r.upstream().name());
                nullableNumber(g, "status", r.upstream().status() == null ? null : r.upstream().status().longValue());
                g.writeNumberProperty("latency_ms", r.upstream().latencyMs());
                g.writeEndObject();
            }
            g.writeName("usage");
            if (r.usage() == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                nullableNumber(g, "prompt_tokens", r.usage().promptTokens());
                nullableNumber(g, "completion_tokens", r.usage().completionTokens());
                g.writeEndObject();
            }
            g.writeStringProperty("outcome", r.outcome().wire());
            g.writeName("error");
            if (r.error() == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                nullableNumber(g, "status", r.error().status() == null ? null : r.error().status().longValue());
                g.writeStringProperty("code", r.error().code());
                g.writeEndObject();
            }
            g.writeName("explicit_labels");
            if (r.explicitLabels() == null) {
                g.writeNull();
            } else {
                g.writeStartArray();
                for (String value : r.explicitLabels()) {
                    g.writeString(value);
                }
                g.writeEndArray();
            }
            g.writeStringProperty("label_basis", r.labelBasis());
            if (includeText && r.promptText() != null) {
                g.writeStringProperty("prompt_text", r.promptText());
            }
            if (includeText && r.completionText() != null) {
                g.writeStringProperty("completion_text", r.completionText());
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * A checkpoint line: {@code {"type":"checkpoint","seq","prev","time","kid","sig"}}. The
     * signature (base64url) covers {@link #checkpointSigningInput}; {@code prev} is the hash of
     * the line before, so the signature vouches for every earlier line through the chain.
     */
    public static byte[] checkpoint(long seq, String prev, Instant time, AuditSigner signer) {
        String timeText = time.toString();
        byte[] sig = signer.sign(checkpointSigningInput(seq, prev, timeText, signer.kid()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            head(g, "checkpoint", seq, prev);
            g.writeStringProperty("time", timeText);
            g.writeStringProperty("kid", signer.kid());
            g.writeStringProperty("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(sig));
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** {@code aigw-audit-checkpoint.v1\n<seq>\n<prev>\n<time>\n<kid>} in UTF-8. */
    static byte[] checkpointSigningInput(long seq, String prev, String time, String kid) {
        return (CHECKPOINT_DOMAIN + "\n" + seq + "\n" + prev + "\n" + time + "\n" + kid)
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A restart line, written when a writer continues an existing chain:
     * {@code {"type":"restart","seq","prev","time","torn_bytes","torn_sha256"}}. When the previous
     * process died mid-line, the torn fragment stays in the file as its own line (the writer
     * terminates it) and this line acknowledges it by length and hash; {@code prev} then skips the
     * fragment and chains to the last complete line.
     */
    static byte[] restart(long seq, String prev, Instant time, int tornBytes, String tornSha256) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            head(g, "restart", seq, prev);
            g.writeStringProperty("time", time.toString());
            g.writeNumberProperty("torn_bytes", tornBytes);
            g.writeStringProperty("torn_sha256", tornSha256);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * A retention line, written after old files were deleted:
     * {@code {"type":"retention","seq","prev","time","deleted":[..],"first_kept":{"file","seq","prev"}}}.
     * It is the anchor that lets the verifier accept a chain that starts mid-way in the oldest
     * remaining file.
     */
    static byte[] retention(long seq, String prev, Instant time, List<String> deleted, ChainStart firstKept) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            head(g, "retention", seq, prev);
            g.writeStringProperty("time", time.toString());
            g.writeName("deleted");
            g.writeStartArray();
            for (String name : deleted) {
                g.writeString(name);
            }
            g.writeEndArray();
            g.writeName("first_kept");
            g.writeStartObject();
            g.writeStringProperty("file", firstKept.file());
            g.writeNumberProperty("seq", firstKept.seq());
            g.writeStringProperty("prev", firstKept.prev());
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * A break line, the first line of a new segment the writer starts when its file was changed
     * under it: {@code {"type":"break","seq","prev","time","file","reason","expected_bytes","found_bytes"}}.
     * {@code seq} and {@code prev} continue the chain the writer holds in memory; {@code reason} is
     * {@code deleted}, {@code replaced}, {@code truncated} or {@code grown}; {@code found_bytes} is
     * the size the writer found ({@code null} when the file was gone). The verifier reports it as
     * {@code segment_break}: lines before it were lost or changed.
     */
    static byte[] segmentBreak(long seq, String prev, Instant time, String file, String reason, long expectedBytes,
                               Long foundBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            head(g, "break", seq, prev);
            g.writeStringProperty("time", time.toString());
            g.writeStringProperty("file", file);
            g.writeStringProperty("reason", reason);
            g.writeNumberProperty("expected_bytes", expectedBytes);
            nullableNumber(g, "found_bytes", foundBytes);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void head(JsonGenerator g, String type, long seq, String prev) {
        g.writeStartObject();
        g.writeStringProperty("type", type);
        g.writeNumberProperty("seq", seq);
        g.writeStringProperty("prev", prev);
    }

    private static void verdict(JsonGenerator g, String name, ScanVerdict v) {
        g.writeName(name);
        if (v == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringProperty("outcome", v.outcome().wire());
        g.writeName("categories");
        g.writeStartArray();
        for (String c : v.categories()) {
            g.writeString(c);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void nullableNumber(JsonGenerator g, String name, Long value) {
        if (value == null) {
            g.writeNullProperty(name);
        } else {
            g.writeNumberProperty(name, value.longValue());
        }
    }

    /**
     * The first line of the oldest kept file, as a retention line records it.
     *
     * @param file the file name, for example {@code audit-2026-05-01.jsonl}
     * @param seq its {@code seq}
     * @param prev its {@code prev}
     */
    record ChainStart(String file, long seq, String prev) {
    }
}
