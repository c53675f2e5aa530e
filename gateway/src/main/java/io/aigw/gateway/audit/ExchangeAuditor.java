package io.aigw.gateway.audit;

import io.aigw.filters.audit.AuditRecord;
import io.aigw.filters.audit.AuditTicket;
import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.audit.ExchangeRecords;
import io.aigw.filters.license.Product;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.gateway.exchange.ChatExchange;
import io.aigw.gateway.exchange.ExchangeAudit;
import io.aigw.gateway.exchange.RequestIdWebFilter;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;

/**
 * The gateway side of the audit contract: a line's place is reserved when a chat exchange is
 * admitted (before any policy runs or anything reaches the upstream) and its record is submitted
 * exactly once: just before the answer's last bytes go out ({@link #commit}: the answer waits until
 * the line is durable), or when the exchange ends without them (cancelled, failed). Without a place (queue full, writer failed
 * or closed) the exchange is refused with 503 in the caller's protocol, or served and counted as
 * rejected with {@code aigw.audit.fail-open}.
 *
 * <p>Requests refused before they were decoded are exchanges the contract wants logged too
 * (docs/contract.md, "Audit and compliance report"): a 401 (no
 * product: {@code product: null}, outcome {@code denied}), a 400 or 413 (outcome {@code invalid},
 * with the product when the key was known), a client gone while its body was read ({@code cancelled}).
 * Their line (license {@code not_checked}, no model, {@code error} the status and code answered) is
 * written when the queue has room, and not otherwise; the refusal is answered either way, since
 * nothing is served.
 *
 * <p>At admission the exchange is asked to record its answer's token usage and, with
 * {@code aigw.audit.include-text}, the text delivered; the prompt text is then the prompt as
 * forwarded (masked when the content policy masked it). Thread-safe, never blocks.
 */
final class ExchangeAuditor implements ExchangeAudit {

    /** OpenAI error code of the refusal; the Anthropic type is {@code overloaded_error}. */
    static final String UNAVAILABLE_CODE = "audit_unavailable";

    private static final String TICKET = ExchangeAuditor.class.getName() + ".ticket";
    private static final Logger log = LoggerFactory.getLogger(ExchangeAuditor.class);

    private final AuditWriter writer;
    private final boolean failOpen;
    private final boolean includeText;
    private final Clock clock;

    ExchangeAuditor(AuditWriter writer, boolean failOpen, boolean includeText, Clock clock) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.failOpen = failOpen;
        this.includeText = includeText;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<ProtocolException> admit(ServerWebExchange exchange, ChatExchange chat) {
        chat.facts().admitted(clock.instant());
        Optional<AuditTicket> ticket = writer.tryReserve();
        if (ticket.isPresent()) {
            exchange.getAttributes().put(TICKET, ticket.get());
            chat.recordAnswer(includeText);
            return Optional.empty();
        }
        if (failOpen) {
            log.debug("Audit cannot take a line ({}); serving {} unaudited (aigw.audit.fail-open)", writer.health(),
                    chat.requestId());
            return Optional.empty();
        }
        return Optional.of(unavailable());
    }

    @Override
    public void finish(ServerWebExchange exchange, ChatExchange chat, SignalType signal) {
        AuditTicket ticket = (AuditTicket) exchange.getAttributes().remove(TICKET);
        if (ticket == null) {
            return;
        }
        ticket.submit(record(exchange, chat, signal));
    }

    /**
     * The line as the exchange stands now, built before the last bytes go out; the answer waits for
     * the future on a parallel thread (the writer thread completes it and must not run the answer).
     */
    @Override
    public Mono<Void> commit(ServerWebExchange exchange, ChatExchange chat) {
        AuditTicket ticket = (AuditTicket) exchange.getAttributes().remove(TICKET);
        if (ticket == null) {
            return Mono.empty();
        }
        CompletableFuture<Void> durable = ticket.commit(record(exchange, chat, SignalType.ON_COMPLETE));
        return Mono.fromFuture(durable, true)
                .publishOn(Schedulers.parallel())
                .onErrorMap(e -> {
                    log.debug("The audit line of {} is not durable ({}); its answer is not completed", chat.requestId(),
                            e.toString());
                    return unavailable();
                });
    }

    private static ProtocolException unavailable() {
        return new ProtocolException(ErrorKind.UPSTREAM_OVERLOADED,
                "the gateway cannot record this request in its audit log right now; try again shortly",
                UNAVAILABLE_CODE);
    }

    private AuditRecord record(ServerWebExchange exchange, ChatExchange chat, SignalType signal) {
        Instant acceptedAt = chat.facts().admittedAt();
        AuditRecord record;
        try {
            record = ExchangeRecords.of(chat.context(), chat.facts(), ExchangeEndings.of(exchange, signal, clock.instant()),
                    acceptedAt, includeText);
        } catch (RuntimeException e) {
            // A bug here must not cost the line: write what is certainly known.
            log.error("Could not build the audit record of {}", chat.requestId(), e);
            record = AuditRecord.builder(chat.requestId(), acceptedAt).product(chat.product().id())
                    .protocol(ExchangeRecords.wireName(chat.protocol())).outcome(AuditRecord.Outcome.ERROR).build();
        }
        return record;
    }

    @Override
    public void refused(ServerWebExchange exchange, Protocol protocol, Product product, ProtocolException error) {
        writer.offer(AuditRecord.builder(RequestIdWebFilter.of(exchange), clock.instant())
                .product(product == null ? null : product.id())
                .protocol(ExchangeRecords.wireName(protocol))
                .outcome(ExchangeRecords.refusalOutcome(error))
                .error(error == null ? null : new AuditRecord.ErrorInfo(error.kind().status(), error.code()))
                .build());
    }
}
