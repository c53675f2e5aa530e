package io.aigw.filters.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * The head of the chain at a signed checkpoint, as sent to a witness ({@link AuditAnchor}): the
 * checkpoint line's {@code seq}, the hash of that line, its time and its file. A witness that kept
 * it lets the verifier prove that the log once reached that line with exactly these bytes, which is
 * what the log alone cannot show after its tail was cut or deleted. Immutable.
 *
 * <p>Wire form (one JSON object, also one line of {@link DirectoryWitness#FILE_NAME}):
 * {@code {"seq":1234,"hash":"<base64url sha-256 of the checkpoint line>","time":"2026-11-24T08:00:00Z","file":"audit-2026-11-24.jsonl"}}.
 *
 * @param seq the checkpoint line's seq
 * @param hash {@link AuditHash#of} the checkpoint line (without its {@code '\n'})
 * @param time the checkpoint's time as written in it
 * @param file the day file holding it
 */
public record CheckpointHead(long seq, String hash, String time, String file) {

    public CheckpointHead {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(file, "file");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be positive, got " + seq);
        }
    }

    /** The wire form, compact JSON in UTF-8. */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = AuditLineFormat.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberProperty("seq", seq);
            g.writeStringProperty("hash", hash);
            g.writeStringProperty("time", time);
            g.writeStringProperty("file", file);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * Parses the wire form.
     *
     * @throws IllegalArgumentException when {@code json} is not a head
     */
    public static CheckpointHead parse(byte[] json) {
        try {
            JsonNode node = AuditLineFormat.MAPPER.readTree(json);
            JsonNode seq = node == null ? null : node.get("seq");
            if (seq == null || !seq.isIntegralNumber() || !node.path("hash").isString() || !node.path("time").isString()
                    || !node.path("file").isString()) {
                throw new IllegalArgumentException("not a checkpoint head: " + new String(json, StandardCharsets.UTF_8));
            }
            return new CheckpointHead(seq.longValue(), node.get("hash").stringValue(), node.get("time").stringValue(),
                    node.get("file").stringValue());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a checkpoint head (not JSON)", e);
        }
    }
}
