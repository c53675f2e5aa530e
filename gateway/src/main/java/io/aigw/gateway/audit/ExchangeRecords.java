package io.aigw.gateway.audit;

import io.aigw.filters.audit.AuditRecord;
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
import io.aigw.gateway.exchange.ChatExchange;
import io.aigw.gateway.exchange.ExchangeEndpoint;
import io.aigw.gateway.upstream.UpstreamCallGlobalFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.SignalType;
import reactor.netty.http.client.HttpClientResponse;

/**
 * Builds the audit record of a finished chat exchange from the facts its filters recorded on the
 * {@link ChatExchange}. Stateless.
 *
 * <p>Outcome: {@code denied} when the licence check refused, {@code rate_limited} when the quota did (429), {@code blocked} when the prompt or
 * the completion hit a blocking category, {@code cancelled} when the client went away before the
 * end (its cancel also cancelled the upstream call), {@code error} when the gateway gave the client
 * an error (an error answer, or the protocol's error event ending a stream already under way),
 * {@code served} when the exchange completed with a 2xx answer, {@code error} otherwise (an
 * upstream's error answer passed on, or a failure). {@code error} is what the client was given:
 * the HTTP status it got (200 for a stream's error event) and the gateway's error code (null for
 * an upstream's own error answer); null when it was given no error.
 *
 * <p>A served answer is {@code generated} (on a chat route; embeddings and count_tokens answer with
 * vectors and counts, never {@code generated}); without a labeled answer it counts as generated but
 * unlabeled, which is what lowers the report's coverage. An answer cut short (cancelled, or ended
 * by an error event) after text reached the client is {@code generated} too, with the labels it
 * actually received: the explicit label as far as it went out, the implicit label (the {@code AIGC}
 * header of the stream's head, with the ProduceID), no receipt (the receipt goes into the last
 * event, which never came). The upstream is named as the one called last (the route's id, or the
 * fallback's name), and the model is the one asked there. Verdicts: the strongest action among the side's matches
 * ({@code allow} when none; the prompt verdict is {@code allow} too on routes without ContentFilter).
 * Upstream latency runs from admission to the end of the exchange. Usage is what the upstream
 * reported (null when it reported none). With texts included: the prompt's messages as forwarded,
 * one {@code role: text} line each, and the completion as delivered.
 */
final class ExchangeRecords {

    private ExchangeRecords() {
    }

    static AuditRecord of(ServerWebExchange exchange, ChatExchange chat, SignalType signal, Instant acceptedAt, Instant now,
                          boolean includeText) {
        LicenseDecision license = chat.licenseDecision();
        ScanVerdict prompt = verdict(chat.promptMatches());
        ScanVerdict completion = verdict(chat.completionMatches());
        HttpClientResponse upstreamResponse = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR);
        HttpStatusCode status = exchange.getResponse().getStatusCode();

        Outcome outcome;
        if (license != null && !license.allowed()) {
            outcome = Outcome.DENIED;
        } else if (rateLimited(chat)) {
            outcome = Outcome.RATE_LIMITED;
        } else if (prompt.outcome() == ScanOutcome.BLOCK || completion.outcome() == ScanOutcome.BLOCK) {
            outcome = Outcome.BLOCKED;
        } else if (signal == SignalType.CANCEL || chat.cancelled()) {
            outcome = Outcome.CANCELLED;
        } else if (chat.answeredError() != null) {
            outcome = Outcome.ERROR;
        } else if (signal == SignalType.ON_COMPLETE && upstreamResponse != null && status != null && status.is2xxSuccessful()) {
            outcome = Outcome.SERVED;
        } else {
            outcome = Outcome.ERROR;
        }

        AuditRecord.Builder record = AuditRecord.builder(chat.requestId(), acceptedAt)
                .product(chat.product().id())
                .model(chat.request().model())
                .protocol(wireName(chat.protocol()))
                .license(license == null ? AuditRecord.LicenseCheck.notChecked() : AuditRecord.LicenseCheck.of(license))
                .prompt(prompt)
                .usage(usage(chat.usage()))
                .outcome(outcome)
                .error(error(chat, outcome, status));
        if (includeText) {
            record.promptText(promptText(chat.request())).completionText(chat.deliveredText());
        }
        if (upstreamResponse != null) {
            record.completion(completion)
                    .upstream(new AuditRecord.UpstreamCall(upstreamName(exchange), upstreamResponse.status().code(),
                            Math.max(0, Duration.between(acceptedAt, now).toMillis())));
        }
        if (!ExchangeEndpoint.of(exchange).generative()) {
            return record.build(); // embeddings, token counts: nothing generated, nothing to label
        }
        if (chat.labeledAnswer() != null) {
            record.labeled(chat.labeledAnswer());
        } else if (outcome == Outcome.SERVED) {
            record.generated(true);
        } else if (cutShort(outcome, status, chat)) {
            record.generated(true);
            ChatExchange.LabelProgress label = chat.labelProgress();
            if (label != null) {
                record.label(new AuditRecord.LabelFlags(label.explicitComplete(), true, false)).produceId(label.produceId());
            }
        }
        return record.build();
    }

    /** Refused by the quota: the gateway's own 429. */
    private static boolean rateLimited(ChatExchange chat) {
        ChatExchange.AnsweredError answered = chat.answeredError();
        return answered != null && answered.status() == ErrorKind.RATE_LIMITED.status();
    }

    /** An answer that began (2xx, text delivered) and ended early: the client went away, or got an error event. */
    private static boolean cutShort(Outcome outcome, HttpStatusCode status, ChatExchange chat) {
        return (outcome == Outcome.CANCELLED || outcome == Outcome.ERROR)
                && status != null && status.is2xxSuccessful() && chat.textDelivered();
    }

    /** The error the client was given, as recorded; for an error outcome without one, the status it got. */
    private static AuditRecord.ErrorInfo error(ChatExchange chat, Outcome outcome, HttpStatusCode status) {
        ChatExchange.AnsweredError answered = chat.answeredError();
        if (answered != null) {
            return new AuditRecord.ErrorInfo(answered.status(), answered.code());
        }
        return outcome == Outcome.ERROR ? new AuditRecord.ErrorInfo(status == null ? null : status.value(), null) : null;
    }

    /** The upstream whose answer the client got, else the one called last; null when none was called. */
    static String upstreamName(ServerWebExchange exchange) {
        String servedBy = exchange.getAttribute(UpstreamCallGlobalFilter.SERVED_BY_ATTRIBUTE);
        return servedBy != null ? servedBy : exchange.getAttribute(UpstreamCallGlobalFilter.CALLED_ATTRIBUTE);
    }

    /** The strongest action among {@code matches} and their categories, in order, without duplicates. */
    static ScanVerdict verdict(List<ContentMatch> matches) {
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

    /** {@code denied} for 401/403, {@code invalid} for other 4xx, {@code cancelled} for none, else {@code error}. */
    static Outcome refusalOutcome(ProtocolException error) {
        if (error == null) {
            return Outcome.CANCELLED;
        }
        int status = error.kind().status();
        if (status == 401 || status == 403) {
            return Outcome.DENIED;
        }
        return status >= 400 && status < 500 ? Outcome.INVALID : Outcome.ERROR;
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

    static String wireName(Protocol protocol) {
        return protocol.name().toLowerCase(Locale.ROOT);
    }
}
