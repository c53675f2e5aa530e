/**
 * The tamper-evident audit log and the provider's compliance report: plain Java, no framework.
 *
 * <h2>Files</h2>
 * One JSON line per exchange in {@code aigw.audit.dir} (default {@code data/audit}), in daily files
 * {@code audit-YYYY-MM-DD.jsonl}, the day taken in {@code aigw.audit.zone} (default
 * {@code Asia/Shanghai}) at write time. UTF-8, one line per entry, {@code '\n'} after every line,
 * compact JSON (no pretty printing; line breaks inside strings are escaped).
 *
 * <h2>Lines ({@link io.aigw.filters.audit.AuditLineFormat})</h2>
 * Every line begins {@code {"type":…,"seq":…,"prev":…}}. {@code seq} counts every line of the
 * chain from 1, across files and restarts. {@code prev} is the hash of the line before (the
 * first line's is {@link io.aigw.filters.audit.AuditHash#GENESIS}, 43 {@code A}s); the hash is
 * base64url without padding of SHA-256 over the exact bytes of a line without its {@code '\n'}.
 * The first line of a day file chains to the last line of the day before.
 * <ul>
 *   <li>{@code record}, then in this order, every key present ({@code null} when absent):
 *       {@code request_id, time, product, model, protocol, license{decision,reason},
 *       prompt{outcome,categories}, completion{outcome,categories}, generated,
 *       label{explicit,implicit,receipt}, produce_id, receipt, content_sha256,
 *       upstream{name,status,latency_ms}, usage{prompt_tokens,completion_tokens}, outcome,
 *       error{status,code}, explicit_labels, label_basis}, then
 *       {@code prompt_text} and {@code completion_text} only with {@code aigw.audit.include-text}.
 *       {@code explicit_labels} has one value per choice of a labeled answer, in choice order:
 *       {@code in_text}, {@code omitted:tool_call}, {@code omitted:structured}, {@code omitted:opt_out},
 *       {@code omitted:refusal} or {@code none} (null when no answer was labeled); {@code label_basis} is the product's user
 *       agreement reference when a label was omitted for its opt-out, else null.
 *       Values: decision {@code allow|deny|would_deny|not_checked}; verdict outcome
 *       {@code allow|flag|mask|block}; outcome {@code served|denied|blocked|error|cancelled|invalid}; receipt is
 *       the whole compact JWS.</li>
 *   <li>{@code checkpoint}: {@code time, kid, sig}. {@code sig} is Ed25519 (base64url) over
 *       {@code "aigw-audit-checkpoint.v1\n<seq>\n<prev>\n<time>\n<kid>"}: through {@code prev}
 *       it vouches for every earlier line. Written every {@code aigw.audit.checkpoint-every-lines}
 *       records, when {@code aigw.audit.checkpoint-every} has passed with unsigned lines, at the
 *       end of each day file, after a restart, and at clean shutdown. The key is an audit key
 *       of the receipt key family with its own kid ({@link io.aigw.filters.audit.Ed25519AuditSigner}).</li>
 *   <li>{@code restart}: {@code time, torn_bytes, torn_sha256}: a writer continued an existing
 *       chain. When the previous process died mid-line, its fragment stays in the file as a line
 *       of its own and the restart line acknowledges it (length and hash) and chains past it.</li>
 *   <li>{@code retention}: {@code time, deleted[], first_kept{file,seq,prev}}: old files were
 *       deleted ({@code aigw.audit.retention-days}, default 180); the verifier accepts a chain
 *       starting mid-way only at the first kept line named here.</li>
 * </ul>
 *
 * <h2>Writing ({@link io.aigw.filters.audit.AuditWriter})</h2>
 * One writer thread, a bounded capacity, reservations taken before serving
 * ({@link io.aigw.filters.audit.AuditWriter#tryReserve()} →
 * {@link io.aigw.filters.audit.AuditTicket}), fsync by {@link io.aigw.filters.audit.FsyncPolicy},
 * commits that complete once a line is durable (group commit: an answer's last bytes wait for them),
 * and a failed state on disk errors that the writer leaves by reopening the log with backoff. A file
 * deleted, replaced or truncated under the writer is noticed at each batch: the chain continues in a
 * new file after a {@code break} line. The chain continues across restarts ({@code ChainTail} reads only
 * the tail of the newest file); lines found after the last checkpoint are reported as recovered, and
 * checkpoint heads can go to witnesses ({@code AuditWitness}) for {@code verify --anchor}.
 *
 * <h2>Checking ({@link io.aigw.filters.audit.AuditVerifier}, {@link io.aigw.filters.audit.AuditVerifyCli})</h2>
 * Streams the files and reports the first bad line; see the verifier for what each reason means
 * and what truncation can and cannot be detected.
 *
 * <h2>Reporting ({@link io.aigw.filters.audit.ComplianceReport})</h2>
 * Per product, from the log itself: requests, outcomes, license denials by reason, blocks by
 * category and side, generated and labeled answers, coverage.
 */
package io.aigw.filters.audit;
