package io.aigw.filters.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JsonGenerator;

/**
 * The verdict of {@link AuditVerifier} over an audit directory. Immutable.
 *
 * @param valid no bad line was found
 * @param lines lines checked and found good before the first bad one (all lines when valid)
 * @param records record lines among them
 * @param checkpoints checkpoints among them, signatures verified
 * @param unsignedTail lines after the last checkpoint: chained but not yet signed (a running
 *     gateway always has some; see {@link AuditVerifier} on truncation)
 * @param tornLines torn fragments a restart line acknowledged (a crash, not tampering)
 * @param lastCheckpoint the last good checkpoint, or null
 * @param firstBadLine where verification failed, or null when valid
 * @param recoveredUnsigned lines a starting writer found after the last checkpoint (before its
 *     restart line): chained, but not signed by the writer that wrote them
 * @param recovered where they are (at most {@value #MAX_RECOVERED_RANGES} ranges)
 * @param anchorHeads witness heads checked against the chain; -1 without an anchor
 */
public record AuditVerification(boolean valid, long lines, long records, long checkpoints, long unsignedTail,
        long tornLines, CheckpointInfo lastCheckpoint, BadLine firstBadLine, long recoveredUnsigned,
        List<RecoveredLines> recovered, long anchorHeads) {

    /** Ranges listed in {@link #recovered()} at most. */
    public static final int MAX_RECOVERED_RANGES = 100;

    /**
     * Lines recovered, unsigned by the writer: seq {@code fromSeq} to {@code toSeq}, starting in {@code file}.
     */
    public record RecoveredLines(String file, long fromSeq, long toSeq) {
    }

    /**
     * The first line that does not verify.
     *
     * @param file the file name, for example {@code audit-2026-11-24.jsonl}
     * @param line the 1-based line number in that file
     * @param reason a stable code: {@code torn_line}, {@code malformed}, {@code line_too_long},
     *     {@code seq_mismatch}, {@code hash_mismatch}, {@code bad_signature}, {@code unknown_kid},
     *     {@code torn_mismatch}, {@code chain_start_missing}, {@code unsigned_tail}, {@code missing_file},
     *     {@code segment_break}, {@code anchor_mismatch}, {@code anchor_beyond_end}
     * @param detail a human-readable explanation
     */
    public record BadLine(String file, long line, String reason, String detail) {
    }

    /**
     * @param seq the checkpoint's seq: every line up to it is signed
     * @param time when it was written
     * @param kid the key that signed it
     */
    public record CheckpointInfo(long seq, String time, String kid) {
    }

    /**
     * {@code {"valid":…,"lines":…,"records":…,"checkpoints":…,"unsignedTail":…,"tornLines":…,
     * "lastCheckpoint":{"seq","time","kid"}|null,"firstBadLine":{"file","line","reason","detail"}|null,
     * "recoveredUnsigned":…,"recovered":[{"file","fromSeq","toSeq"}],"anchorHeads":…}}.
     */
    public String toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = AuditLineFormat.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeBooleanProperty("valid", valid);
            g.writeNumberProperty("lines", lines);
            g.writeNumberProperty("records", records);
            g.writeNumberProperty("checkpoints", checkpoints);
            g.writeNumberProperty("unsignedTail", unsignedTail);
            g.writeNumberProperty("tornLines", tornLines);
            g.writeName("lastCheckpoint");
            if (lastCheckpoint == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                g.writeNumberProperty("seq", lastCheckpoint.seq());
                g.writeStringProperty("time", lastCheckpoint.time());
                g.writeStringProperty("kid", lastCheckpoint.kid());
                g.writeEndObject();
            }
            g.writeName("firstBadLine");
            if (firstBadLine == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                g.writeStringProperty("file", firstBadLine.file());
                g.writeNumberProperty("line", firstBadLine.line());
                g.writeStringProperty("reason", firstBadLine.reason());
                g.writeStringProperty("detail", firstBadLine.detail());
                g.writeEndObject();
            }
            g.writeNumberProperty("recoveredUnsigned", recoveredUnsigned);
            g.writeName("recovered");
            g.writeStartArray();
            for (RecoveredLines r : recovered) {
                g.writeStartObject();
                g.writeStringProperty("file", r.file());
                g.writeNumberProperty("fromSeq", r.fromSeq());
                g.writeNumberProperty("toSeq", r.toSeq());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberProperty("anchorHeads", anchorHeads);
            g.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
