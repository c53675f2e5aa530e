package io.aigw.filters.audit;

import io.aigw.filters.audit.AuditRecord.Outcome;
import io.aigw.filters.audit.AuditRecord.ScanOutcome;
import io.aigw.filters.audit.AuditRecord.ScanVerdict;
import io.aigw.filters.content.ContentMatch;
import io.aigw.filters.license.LicenseDecision;
import io.aigw.filters.protocol.ChatMessage;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.TokenCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The audit record of a chat exchange, decided from its {@link ExchangeContext}, its {@link ExchangeFacts}
 * and how it ended ({@link ExchangeEnding}). Stateless; the one place that says what an outcome means.
 *
 * <p>Outcome: {@code denied} when the license check refused, {@code rate_limited} when the quota did (429),
 * {@code blocked} when the prompt or the completion hit a blocking category, {@code cancelled} when the
 * client went away before the end (its cancel also cancelled the upstream call), {@code error} when the
 * gateway gave the client an error (an error answer, or the protocol's error event ending a stream already
 * under way), {@code served} when the exchange completed with a 2xx answer from an upstream, {@code error}
 * otherwise (an upstream's error answer passed on, or a failure). {@code error} is what the client was
 * given: the HTTP status it got (200 for a stream's error event) and the gateway's error code (null for an
 * upstream's own error answer); null when it was given no error.
 *
 * <p>A served answer is {@code generated} (on a chat route; embeddings and count_tokens answer with
 * vectors and counts, never {@code generated}); without a labeled answer it counts as generated but
 * unlabeled, which is what lowers the report's coverage. An answer cut short (cancelled, or ended by an
 * error event, a blocked one's too: an external moderation service refused a later segment of a stream)
 * after output reached the client is {@code generated} too, with the labels it actually
 * received: the explicit label as far as it went out, the implicit label (the {@code AIGC} header of the
 * stream's head, with the ProduceID), no receipt (the receipt goes into the last event, which never came).
 * The upstream is named as the one that served, else the one called last, and the model is the one asked
 * there. Verdicts: the strongest action among the side's matches ({@code allow} when none; the prompt
 * verdict is {@code allow} too on routes without ContentFilter). Upstream latency runs from admission to
 * the end. Usage is what the upstream reported (null when it reported none). With texts included: the
 * prompt's messages as forwarded, one {@code role: text} line each, and the completion as delivered.
 */
public final class ExchangeRecords {

    private ExchangeRecords() {
    }

    /**
     * The record of a decoded exchange.
     *
     * @param admittedAt when the exchange was admitted (the record's time)
     * @param includeText whether the prompt and the delivered completion go into the record
     */
    public static AuditRecord of(ExchangeContext context, ExchangeFacts facts, ExchangeEnding ending, Instant admittedAt,
                                 boolean includeText) {
        LicenseDecision license = facts.licenseDecision();
        ScanVerdict prompt = verdict(facts.promptMatches());
        ScanVerdict completion = verdict(facts.completionMatches());
        ChatRequest request = facts.request();
        Outcome outcome = outcome(facts, ending, prompt, completion);

        AuditRecord.Builder record = AuditRecord.builder(context.requestId(), admittedAt)
                .product(context.product().id())
                .model(request.model())
                .protocol(context.protocolName())
                .license(license == null ? AuditRecord.LicenseCheck.notChecked() : AuditRecord.LicenseCheck.of(license))
                .prompt(prompt)
                .usage(usage(facts.usage()))
                .outcome(outcome)
                .error(error(facts, outcome, ending));
        if (includeText) {
            record.promptText(promptText(request)).completionText(facts.deliveredText());
        }
        if (ending.upstreamStatus() != null) {
            record.completion(completion)
                    .upstream(new AuditRecord.UpstreamCall(facts.upstreamName(), ending.upstreamStatus(),
                            Math.max(0, Duration.between(admittedAt, ending.at()).toMillis())));
        }
        if (!context.endpoint().generative()) {
            return record.build(); // embeddings, token counts: nothing generated, nothing to label
        }
        if (facts.labeledAnswer() != null) {
            record.labeled(facts.labeledAnswer());
        } else if (outcome == Outcome.SERVED) {
            record.generated(true);
        } else if (cutShort(outcome, ending, facts)) {
            record.generated(true);
            ExchangeFacts.LabelProgress label = facts.labelProgress();
            if (label != null) {
                record.label(new AuditRecord.LabelFlags(label.explicitComplete(), true, false)).produceId(label.produceId());
            }
        }
        return record.build();
    }

    /** The outcome rules, in order of precedence (see the class comment). */
    static Outcome outcome(ExchangeFacts facts, ExchangeEnding ending, ScanVerdict prompt, ScanVerdict completion) {
        LicenseDecision license = facts.licenseDecision();
        if (license != null && !license.allowed()) {
            return Outcome.DENIED;
        } else if (rateLimited(facts)) {
            return Outcome.RATE_LIMITED;
        } else if (prompt.outcome() == ScanOutcome.BLOCK || completion.outcome() == ScanOutcome.BLOCK) {
            return Outcome.BLOCKED;
        } else if (ending.signal() == ExchangeEnding.Signal.CANCELLED || facts.cancelled()) {
            return Outcome.CANCELLED;
        } else if (facts.answeredError() != null) {
            return Outcome.ERROR;
        } else if (ending.signal() == ExchangeEnding.Signal.COMPLETED && ending.upstreamStatus() != null && ending.successful()) {
            return Outcome.SERVED;
        }
        return Outcome.ERROR;
    }

    /** {@code denied} for 401/403, {@code invalid} for other 4xx, {@code cancelled} for none, else {@code error}. */
    public static Outcome refusalOutcome(ProtocolException error) {
        if (error == null) {
            return Outcome.CANCELLED;
        }
        int status = error.kind().status();
        if (status == 401 || status == 403) {
            return Outcome.DENIED;
        }
        return status >= 400 && status < 500 ? Outcome.INVALID : Outcome.ERROR;
    }

    /** The strongest action among {@code matches} and their categories, in order, without duplicates. */
    public static ScanVerdict verdict(List<ContentMatch> matches) {
        ScanOutcome strongest = ScanOutcome.ALLOW;
        Set<String> categories = new LinkedHashSet<>();
        for (ContentMatch m : matches) {
            categories.add(m.category());
            ScanOutcome o = switch (m.action()) {
                case FLAG -> ScanOutcome.FLAG;
                case MASK -> ScanOutcome.MASK;
                case BLOCK -> ScanOutcome.BLOCK;
            };
            if (o.compareTo(strongest) > 0) {
                strongest = o;
            }
        }
        return new ScanVerdict(strongest, List.copyOf(categories));
    }

    /** The protocol's name in audit lines: {@code openai}, {@code anthropic}. */
    public static String wireName(Protocol protocol) {
        return protocol.name().toLowerCase(Locale.ROOT);
    }

    /** Refused by the quota: the gateway's own 429. */
    private static boolean rateLimited(ExchangeFacts facts) {
        ExchangeFacts.AnsweredError answered = facts.answeredError();
        return answered != null && answered.status() == ErrorKind.RATE_LIMITED.status();
    }

    /**
     * An answer that began (2xx, output delivered) and ended early: the client went away, or got an error
     * event (also when a block ended it so: an answer gate refused a segment of a stream under way).
     */
    private static boolean cutShort(Outcome outcome, ExchangeEnding ending, ExchangeFacts facts) {
        boolean endedEarly = outcome == Outcome.CANCELLED || outcome == Outcome.ERROR
                || (outcome == Outcome.BLOCKED && facts.answeredError() != null);
        return endedEarly && ending.successful() && facts.textDelivered();
    }

    /** The error the client was given, as recorded; for an error outcome without one, the status it got. */
    private static AuditRecord.ErrorInfo error(ExchangeFacts facts, Outcome outcome, ExchangeEnding ending) {
        ExchangeFacts.AnsweredError answered = facts.answeredError();
        if (answered != null) {
            return new AuditRecord.ErrorInfo(answered.status(), answered.code());
        }
        return outcome == Outcome.ERROR ? new AuditRecord.ErrorInfo(ending.responseStatus(), null) : null;
    }

    private static AuditRecord.TokenUsage usage(TokenCounts counts) {
        return counts == null ? null : new AuditRecord.TokenUsage(counts.inputTokens(), counts.outputTokens());
    }

    private static String promptText(ChatRequest request) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : request.messages()) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(m.role()).append(": ").append(m.text());
        }
        return sb.toString();
    }
}
