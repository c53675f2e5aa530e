package io.aigw.gateway.audit;

import io.aigw.filters.audit.AuditRecord;
import io.aigw.filters.audit.AuditRecord.Outcome;
import io.aigw.filters.audit.AuditRecord.ScanOutcome;
import io.aigw.filters.audit.AuditRecord.ScanVerdict;
import io.aigw.filters.content.ContentMatch;
import io.aigw.filters.license.LicenseDecision;
import io.aigw.filters.protocol.ChatMessage;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.TokenCounts;
import io.aigw.gateway.exchange.ChatExchange;
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
 * <p>Outcome: {@code denied} when the licence check refused, {@code blocked} when the prompt or
 * the completion hit a blocking category, {@code cancelled} when the client went away before the
 * end (its cancel also cancelled the upstream call), {@code served} when the exchange completed
 * with a 2xx answer, {@code error} otherwise (upstream or gateway error). A served answer is
 * {@code generated}; without a labeled answer it counts as generated but unlabeled, which is what
 * lowers the report's coverage. Verdicts: the strongest action among the side's matches
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
        } else if (prompt.outcome() == ScanOutcome.BLOCK || completion.outcome() == ScanOutcome.BLOCK) {
            outcome = Outcome.BLOCKED;
        } else if (signal == SignalType.CANCEL || chat.cancelled()) {
            outcome = Outcome.CANCELLED;
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
                .outcome(outcome);
        if (includeText) {
            record.promptText(promptText(chat.request())).completionText(chat.deliveredText());
        }
        if (upstreamResponse != null) {
            record.completion(completion)
                    .upstream(new AuditRecord.UpstreamCall(upstreamResponse.status().code(),
                            Math.max(0, Duration.between(acceptedAt, now).toMillis())));
        }
        if (chat.labeledAnswer() != null) {
            record.labeled(chat.labeledAnswer());
        } else if (outcome == Outcome.SERVED) {
            record.generated(true);
        }
        return record.build();
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
