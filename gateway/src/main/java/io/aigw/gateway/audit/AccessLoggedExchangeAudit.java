package io.aigw.gateway.audit;

import io.aigw.filters.audit.AuditRecord;
import io.aigw.filters.audit.ExchangeRecords;
import io.aigw.filters.license.Product;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.gateway.exchange.ChatExchange;
import io.aigw.gateway.exchange.ExchangeAudit;
import io.aigw.gateway.exchange.RequestIdWebFilter;
import io.aigw.gateway.logging.AccessEntry;
import io.aigw.gateway.logging.AccessLog;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * The audit, plus one access-log line per chat request: {@link ExchangeAudit} is told of every request
 * exactly once at its end ({@link #finish} for a decoded one, {@link #refused} otherwise), which is when
 * the line is written, with the same outcome the audit record gets ({@link ExchangeRecords}). Thread-safe,
 * never blocks.
 */
final class AccessLoggedExchangeAudit implements ExchangeAudit {

    private static final Logger log = LoggerFactory.getLogger(AccessLoggedExchangeAudit.class);

    private final ExchangeAudit audit;
    private final AccessLog accessLog;
    private final Clock clock;

    AccessLoggedExchangeAudit(ExchangeAudit audit, AccessLog accessLog, Clock clock) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<ProtocolException> admit(ServerWebExchange exchange, ChatExchange chat) {
        return audit.admit(exchange, chat);
    }

    @Override
    public Mono<Void> commit(ServerWebExchange exchange, ChatExchange chat) {
        return audit.commit(exchange, chat);
    }

    @Override
    public void finish(ServerWebExchange exchange, ChatExchange chat, SignalType signal) {
        audit.finish(exchange, chat, signal);
        if (!accessLog.wanted()) {
            return;
        }
        try {
            Instant acceptedAt = chat.facts().admittedAt();
            Instant now = clock.instant();
            AuditRecord record = ExchangeRecords.of(chat.context(), chat.facts(), ExchangeEndings.of(exchange, signal, now),
                    acceptedAt == null ? now : acceptedAt, false);
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            accessLog.log(entry(exchange, record, status == null ? -1 : status.value(), chat.facts().upstreamName()));
        } catch (RuntimeException e) {
            log.warn("No access-log line for {}: {}", chat.requestId(), e.toString());
        }
    }

    @Override
    public void refused(ServerWebExchange exchange, Protocol protocol, Product product, ProtocolException error) {
        audit.refused(exchange, protocol, product, error);
        if (!accessLog.wanted()) {
            return;
        }
        AuditRecord record = AuditRecord.builder(RequestIdWebFilter.of(exchange), clock.instant())
                .product(product == null ? null : product.id())
                .protocol(ExchangeRecords.wireName(protocol))
                .outcome(ExchangeRecords.refusalOutcome(error))
                .error(error == null ? null : new AuditRecord.ErrorInfo(error.kind().status(), error.code()))
                .build();
        // Called before the refusal is written: the status is the error's, not the response's yet.
        accessLog.log(entry(exchange, record, error == null ? -1 : error.kind().status(), null));
    }

    /** @param upstreamName the upstream called, when the record names none (it names one only once an upstream answered) */
    private static AccessEntry entry(ServerWebExchange exchange, AuditRecord record, int status, String upstreamName) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        Long start = exchange.getAttribute(RequestIdWebFilter.START_NANOS);
        AuditRecord.UpstreamCall upstream = record.upstream();
        AuditRecord.TokenUsage usage = record.usage();
        return new AccessEntry(record.requestId(), record.product(), route == null ? null : route.getId(),
                record.protocol(), record.model(), status,
                record.outcome().name().toLowerCase(Locale.ROOT),
                record.error() == null ? null : record.error().code(),
                start == null ? -1 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                upstream != null && upstream.name() != null ? upstream.name() : upstreamName,
                upstream == null || upstream.status() == null ? -1 : upstream.status(),
                upstream == null ? -1 : upstream.latencyMs(),
                usage == null || usage.promptTokens() == null ? -1 : usage.promptTokens(),
                usage == null || usage.completionTokens() == null ? -1 : usage.completionTokens());
    }
}
