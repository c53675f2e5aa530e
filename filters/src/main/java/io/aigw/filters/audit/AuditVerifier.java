package io.aigw.filters.audit;

import io.aigw.filters.audit.AuditLineReader.Line;
import io.aigw.filters.audit.AuditVerification.BadLine;
import io.aigw.filters.audit.AuditVerification.CheckpointInfo;
import io.aigw.filters.label.Jwk;
import io.aigw.filters.label.Jwks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Verifies the hash chain and the checkpoint signatures of an audit directory, streaming (one
 * line in memory at a time). Stateless and thread-safe; backs {@code GET /admin/audit/verify} and
 * {@link AuditVerifyCli}.
 *
 * <h2>Where the first bad line is</h2>
 * Lines are checked in chain order (files by name, lines in file order):
 * <ul>
 *   <li>an unterminated last line is {@code torn_line} (a crash mid-write, or a cut file); a
 *       fragment acknowledged by the restart line after it (same length and hash) is a
 *       recovered crash and is skipped;</li>
 *   <li>a line whose {@code seq} is not the previous one plus one is {@code seq_mismatch}: the
 *       first line after deleted lines (or a deleted day file), the first of two swapped lines,
 *       a naively inserted line;</li>
 *   <li>when {@code seq} follows but {@code prev} is not the hash of the previous line, the
 *       <em>previous</em> line is reported, {@code hash_mismatch}: it was edited. (A forged line
 *       inserted with a correct seq and prev is indistinguishable from a real one until the next
 *       real line, which is then reported as {@code seq_mismatch}.)</li>
 *   <li>a checkpoint whose signature does not verify is {@code bad_signature}, one with a key
 *       not in the key set {@code unknown_kid}.</li>
 *   <li>when the first line does not start the chain ({@code seq} 1, {@code prev} all zero), a
 *       retention line later in the chain must name it as the first kept line; otherwise that
 *       first line is {@code chain_start_missing} (older files were deleted by hand).</li>
 *   <li>when the {@code seq} gap is at the first line of a file, the lines of the file(s) before it
 *       are gone: {@code missing_file} (a day file between the first and the last was deleted or
 *       emptied).</li>
 *   <li>a {@code break} line, written by a writer that found its file deleted, replaced, truncated or
 *       appended to under it, is {@code segment_break}: lines before it were lost or changed.</li>
 * </ul>
 *
 * <h2>Recovered lines</h2>
 * Lines between the last checkpoint and a {@code restart} line were found on disk by a starting
 * writer, not signed by the one that wrote them (it was killed, or they were added while no
 * writer ran). They are chained, so they stay valid, but they are reported as recovered,
 * unsigned by the writer ({@link AuditVerification#recoveredUnsigned()},
 * {@link AuditVerification#recovered()}): the restart's checkpoint vouches only that they were
 * there when it started.
 *
 * <h2>Anchor</h2>
 * With a witness directory ({@link DirectoryWitness}), every checkpoint head it holds must be in
 * the chain with the same hash ({@code anchor_mismatch} otherwise), and no head may lie beyond the
 * end of the log ({@code anchor_beyond_end}: the tail was cut, emptied or deleted). Heads older
 * than the first kept line (retention) are skipped.
 *
 * <h2>Truncation</h2>
 * Lines after the last checkpoint are chained but unsigned: {@link AuditVerification#unsignedTail()}.
 * A running gateway always has such a tail, so by default it does not make the log invalid.
 * Cutting a file mid-line is always detected ({@code torn_line}), and so is cutting a file that
 * is followed by another one ({@code seq_mismatch}). Cutting the newest file at a line boundary
 * can only be detected against a checkpoint: a stopped gateway always ends its log with one
 * (clean shutdown, and a restart signs what a crash left), so {@code requireFinalCheckpoint}
 * reports a log that does not end with a checkpoint as {@code unsigned_tail} at its first
 * unsigned line. Removing a final checkpoint <em>together with</em> every line after the one
 * before cannot be seen in the files alone; compare {@link AuditVerification#lastCheckpoint()}
 * with the writer's last checkpoint kept elsewhere (metrics, a second copy) to catch it.
 */
public final class AuditVerifier {

    private static final Set<String> CHECKPOINT_KEYS = Set.of("type", "seq", "prev", "time", "kid", "sig");

    private AuditVerifier() {
    }

    /** {@link #verify(Path, Jwks, boolean)} for a live log: an unsigned tail is allowed. */
    public static AuditVerification verify(Path dir, Jwks keys) {
        return verify(dir, keys, false);
    }

    /**
     * Verifies every audit file in {@code dir}.
     *
     * @param keys the audit public keys (every kid that signed a checkpoint)
     * @param requireFinalCheckpoint report lines after the last checkpoint as {@code unsigned_tail}
     *     (for a log whose gateway is stopped)
     * @throws UncheckedIOException when a file cannot be read
     */
    public static AuditVerification verify(Path dir, Jwks keys, boolean requireFinalCheckpoint) {
        return verify(dir, keys, requireFinalCheckpoint, null);
    }

    /**
     * As {@link #verify(Path, Jwks, boolean)}, also checking the chain against the checkpoint heads
     * a witness directory holds ({@link DirectoryWitness#FILE_NAME} in {@code anchorDir}; none there
     * yet is no head). Null {@code anchorDir}: no anchor check.
     *
     * @throws UncheckedIOException when a file cannot be read
     * @throws IllegalArgumentException when the witness file holds something else than heads in seq order
     */
    public static AuditVerification verify(Path dir, Jwks keys, boolean requireFinalCheckpoint, Path anchorDir) {
        Objects.requireNonNull(keys, "keys");
        Path anchorFile = anchorDir == null ? null : anchorDir.resolve(DirectoryWitness.FILE_NAME);
        List<Path> anchorFiles = anchorFile != null && Files.isRegularFile(anchorFile) ? List.of(anchorFile) : List.of();
        try (AuditLineReader reader = new AuditLineReader(AuditFiles.list(dir));
             AuditLineReader heads = new AuditLineReader(anchorFiles)) {
            return new Run(keys, anchorDir == null ? null : heads).verify(reader, requireFinalCheckpoint);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot read the audit log", e);
        }
    }

    /** The state of one verification. */
    private static final class Run {
        private final Jwks keys;
        private long lines;
        private long records;
        private long checkpoints;
        private long torn;
        private long expectedSeq = -1;
        private String prevHash;
        private Line prevLine;
        private CheckpointInfo lastCheckpoint;
        private long unsigned;
        private Line firstUnsigned;
        private long linesBeforeFirstUnsigned;
        private Line chainStart;
        private JsonNode chainStartNode;
        private boolean chainStartConfirmed;
        private boolean justAcknowledged;
        private long firstUnsignedSeq;
        private long recoveredUnsigned;
        private final List<AuditVerification.RecoveredLines> recovered = new ArrayList<>();
        private final AuditLineReader anchorReader;
        private CheckpointHead nextHead;
        private long anchorHeads = -1;

        Run(Jwks keys, AuditLineReader anchorReader) {
            this.keys = keys;
            this.anchorReader = anchorReader;
        }

        /** The next head of the witness, checking their order; null after the last. */
        private CheckpointHead readHead() throws IOException {
            Line line = anchorReader.next();
            while (line != null && line.bytes().length == 0) {
                line = anchorReader.next();
            }
            if (line == null) {
                return null;
            }
            if (!line.terminated()) {
                return null; // a head cut by a crash of the witness: not a claim
            }
            CheckpointHead head = CheckpointHead.parse(line.bytes());
            if (nextHead != null && head.seq() <= nextHead.seq()) {
                throw new IllegalArgumentException(line.fileName() + " line " + line.number()
                        + ": heads are not in seq order (" + head.seq() + " after " + nextHead.seq() + ")");
            }
            anchorHeads++;
            return head;
        }

        /** Checks the good line just verified ({@code seq}, {@code hash}) against the witness's heads. */
        private BadLine checkAnchor(Line line) throws IOException {
            if (anchorReader == null) {
                return null;
            }
            long seq = expectedSeq - 1;
            while (nextHead != null && nextHead.seq() < seq) {
                nextHead = readHead(); // older than the first kept line (retention)
            }
            if (nextHead != null && nextHead.seq() == seq) {
                if (!nextHead.hash().equals(prevHash)) {
                    return bad(line, "anchor_mismatch", "the witness holds checkpoint seq " + seq + " of "
                            + nextHead.time() + " with another hash: the log was rewritten from here on");
                }
                nextHead = readHead();
            }
            return null;
        }

        AuditVerification verify(AuditLineReader reader, boolean requireFinalCheckpoint) throws IOException {
            if (anchorReader != null) {
                anchorHeads = 0;
                nextHead = readHead();
            }
            Line cur = reader.next();
            while (cur != null) {
                Line next = reader.next();
                if (next != null && acknowledgesTorn(next, cur)) {
                    torn++;
                    lines++;
                    justAcknowledged = true;
                    cur = next;
                    continue;
                }
                BadLine bad = check(cur);
                if (bad == null) {
                    bad = checkAnchor(cur);
                }
                if (bad != null) {
                    return result(bad);
                }
                justAcknowledged = false;
                lines++;
                cur = next;
            }
            if (chainStart != null && !chainStartConfirmed) {
                lines = 0;
                return result(bad(chainStart, "chain_start_missing", "the chain starts at seq "
                        + chainStartNode.get("seq").asString() + " but no retention line names this file as the"
                        + " first kept one: earlier lines or files were removed"));
            }
            if (nextHead != null) {
                long end = expectedSeq < 0 ? 0 : expectedSeq - 1;
                return result(new BadLine(nextHead.file(), 0, "anchor_beyond_end", "the witness holds checkpoint seq "
                        + nextHead.seq() + " of " + nextHead.time() + " in " + nextHead.file() + ", but the log ends at seq "
                        + end + ": its tail was cut, emptied or deleted"));
            }
            if (requireFinalCheckpoint && unsigned > 0) {
                lines = linesBeforeFirstUnsigned;
                return result(bad(firstUnsigned, "unsigned_tail", unsigned
                        + " line(s) after the last checkpoint: the log was cut or the gateway did not stop cleanly"));
            }
            return result(null);
        }

        private BadLine check(Line line) {
            if (line.tooLong()) {
                return bad(line, "line_too_long", "longer than " + AuditLineReader.MAX_LINE_BYTES + " bytes");
            }
            if (!line.terminated()) {
                return bad(line, "torn_line", "the last line has no line end (" + line.bytes().length
                        + " bytes): a write was cut short");
            }
            JsonNode node = parse(line.bytes());
            String type = node == null ? null : text(node, "type");
            JsonNode seqNode = node == null ? null : node.get("seq");
            String prev = node == null ? null : text(node, "prev");
            if (type == null || seqNode == null || !seqNode.isIntegralNumber() || prev == null) {
                return bad(line, "malformed", "not an audit line (JSON object with type, seq, prev)");
            }
            if (type.equals("break")) { // before the seq check: the lines before it are gone, so seq jumps
                return bad(line, "segment_break", "the writer found " + text(node, "file") + " "
                        + text(node, "reason") + " under it (it had written " + node.path("expected_bytes").asString()
                        + " bytes, found " + node.path("found_bytes").asString() + ") and continued the chain"
                        + " here: lines before this one were lost or changed");
            }
            long seq = seqNode.longValue();
            if (expectedSeq < 0) {
                if (seq != 1 || !AuditHash.GENESIS.equals(prev)) {
                    chainStart = line;
                    chainStartNode = node;
                }
            } else if (seq > expectedSeq && line.number() == 1 && !line.file().equals(prevLine.file())) {
                return bad(line, "missing_file", "expected seq " + expectedSeq + " after " + prevLine.fileName()
                        + ", found " + seq + " at the start of this file: " + (seq - expectedSeq)
                        + " line(s) missing, a day file between them was deleted or emptied");
            } else if (seq != expectedSeq) {
                return bad(line, "seq_mismatch", "expected seq " + expectedSeq + ", found " + seq
                        + (seq > expectedSeq ? ": " + (seq - expectedSeq) + " line(s) missing before this one"
                                : ": line out of order or inserted"));
            } else if (!prev.equals(prevHash)) {
                lines--; // the bad line is the previous one, already counted
                return bad(prevLine, "hash_mismatch", "its hash does not match the prev of the next line (seq "
                        + seq + "): the line was changed");
            }
            BadLine bad = checkType(line, node, type);
            if (bad != null) {
                return bad;
            }
            expectedSeq = seq + 1;
            prevHash = AuditHash.of(line.bytes());
            prevLine = line;
            return null;
        }

        private BadLine checkType(Line line, JsonNode node, String type) {
            switch (type) {
                case "checkpoint":
                    BadLine bad = checkSignature(line, node);
                    if (bad != null) {
                        return bad;
                    }
                    checkpoints++;
                    lastCheckpoint = new CheckpointInfo(node.get("seq").longValue(), text(node, "time"), text(node, "kid"));
                    unsigned = 0;
                    firstUnsigned = null;
                    return null;
                case "restart":
                    if (unsigned > 0) {
                        recoveredUnsigned += unsigned;
                        if (recovered.size() < AuditVerification.MAX_RECOVERED_RANGES) {
                            recovered.add(new AuditVerification.RecoveredLines(firstUnsigned.fileName(), firstUnsignedSeq,
                                    node.get("seq").longValue() - 1));
                        }
                    }
                    JsonNode tornBytes = node.get("torn_bytes");
                    if (tornBytes != null && tornBytes.isIntegralNumber() && tornBytes.longValue() > 0 && !justAcknowledged) {
                        return bad(line, "torn_mismatch", "the restart line acknowledges a torn fragment of "
                                + tornBytes.longValue() + " bytes that is not the line before it");
                    }
                    break;
                case "retention":
                    confirmChainStart(node);
                    break;
                case "record":
                    records++;
                    break;
                default:
                    return bad(line, "malformed", "unknown line type '" + type + "'");
            }
            if (unsigned++ == 0) {
                firstUnsigned = line;
                firstUnsignedSeq = node.get("seq").longValue();
                linesBeforeFirstUnsigned = lines;
            }
            return null;
        }

        private void confirmChainStart(JsonNode node) {
            JsonNode kept = node.get("first_kept");
            if (chainStart == null || kept == null) {
                return;
            }
            JsonNode seq = kept.get("seq");
            if (chainStart.fileName().equals(text(kept, "file")) && seq != null
                    && seq.longValue() == chainStartNode.get("seq").longValue()
                    && Objects.equals(text(kept, "prev"), text(chainStartNode, "prev"))) {
                chainStartConfirmed = true;
            }
        }

        private BadLine checkSignature(Line line, JsonNode node) {
            Set<String> names = new TreeSet<>();
            for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext(); ) {
                names.add(it.next());
            }
            String time = text(node, "time");
            String kid = text(node, "kid");
            String sig = text(node, "sig");
            if (!names.equals(CHECKPOINT_KEYS) || time == null || kid == null || sig == null) {
                return bad(line, "malformed", "a checkpoint has exactly type, seq, prev, time, kid and sig");
            }
            Optional<Jwk> key = keys.find(kid);
            if (key.isEmpty()) {
                return bad(line, "unknown_kid", "checkpoint signed by kid '" + kid + "', which is not in the key set");
            }
            byte[] input = AuditLineFormat.checkpointSigningInput(node.get("seq").longValue(), text(node, "prev"),
                    time, kid);
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key.get().publicKey());
                verifier.update(input);
                if (verifier.verify(Base64.getUrlDecoder().decode(sig))) {
                    return null;
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // a signature that cannot be decoded is as bad as a wrong one
            }
            return bad(line, "bad_signature", "the checkpoint signature does not verify with kid '" + kid + "'");
        }

        private static boolean acknowledgesTorn(Line next, Line cur) {
            if (!next.terminated()) {
                return false;
            }
            JsonNode node = parse(next.bytes());
            if (node == null || !"restart".equals(text(node, "type"))) {
                return false;
            }
            JsonNode bytes = node.get("torn_bytes");
            return bytes != null && bytes.isIntegralNumber() && bytes.longValue() == cur.bytes().length
                    && cur.bytes().length > 0 && AuditHash.of(cur.bytes()).equals(text(node, "torn_sha256"));
        }

        private AuditVerification result(BadLine bad) {
            return new AuditVerification(bad == null, lines, records, checkpoints, unsigned, torn, lastCheckpoint, bad,
                    recoveredUnsigned, List.copyOf(recovered), anchorHeads);
        }

        private static BadLine bad(Line line, String reason, String detail) {
            return new BadLine(line.fileName(), line.number(), reason, detail);
        }

        private static JsonNode parse(byte[] bytes) {
            try {
                JsonNode node = AuditLineFormat.MAPPER.readTree(bytes);
                return node != null && node.isObject() ? node : null;
            } catch (JacksonException e) {
                return null;
            }
        }

        private static String text(JsonNode node, String field) {
            JsonNode v = node.get(field);
            return v != null && v.isString() ? v.stringValue() : null;
        }
    }
}
