package io.aigw.gateway.exchange;

import io.aigw.filters.audit.ExchangeContext;
import io.aigw.filters.audit.ExchangeFacts;
import io.aigw.filters.license.Product;
import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The chat exchange behind one HTTP exchange: its {@link ExchangeContext} (who asks what, fixed once the
 * request is authenticated and decoded), its {@link ExchangeFacts} (what happened since: the request as
 * forwarded, the policies' decisions, the answer's usage and text, errors; the audit line is decided from
 * them), and the plumbing the route's filters share: the response stages they contribute, what runs when
 * the exchange ends, and the audit commit. Created by the protocol filter; later filters read it from the
 * exchange attributes.
 *
 * <p>Stages are added by the route's filters, in the filter chain, before the answer starts; what to
 * observe of the answer ({@link #recordAnswer}, {@link #observeUsage}) is asked for then too. The facts
 * are safe to record and read from any thread (see {@link ExchangeFacts}); the rest here is held in
 * atomic references or lock-free queues for the same reason: the end of an exchange may run on another
 * thread than its filters.
 *
 * <p>When the audit asks for it, the answer itself is observed: a first stage takes the token usage the
 * upstream reports (before any policy changes or cuts the answer), and a last stage notes what reached
 * the client (labels and masks included), keeping its text only when texts are logged.
 */
public final class ChatExchange {

    /** Exchange attribute holding the {@link ChatExchange}. */
    public static final String ATTRIBUTE = ChatExchange.class.getName();

    private static final Logger log = LoggerFactory.getLogger(ChatExchange.class);

    /** What of the answer is observed; only ever raised, before the answer starts. */
    private enum Observed { NOTHING, USAGE, USAGE_AND_TEXT }

    private final ExchangeContext context;
    private final ExchangeFacts facts;
    private final AnswerDelivery delivery;
    private final ConcurrentLinkedQueue<Supplier<ResponseStage>> stageFactories = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Observed> observed = new AtomicReference<>(Observed.NOTHING);
    private final AtomicReference<Supplier<Mono<Void>>> auditCommit = new AtomicReference<>();
    private final ConcurrentLinkedQueue<Runnable> endActions = new ConcurrentLinkedQueue<>();

    /** @param request the request as decoded; it starts the {@link #facts()} */
    public ChatExchange(ExchangeContext context, ChatRequest request) {
        this.context = Objects.requireNonNull(context, "context");
        this.facts = new ExchangeFacts(request);
        this.delivery = new AnswerDelivery(facts);
    }

    /** The chat exchange of {@code exchange}, or {@code null} on routes without a protocol filter. */
    public static ChatExchange of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    /**
     * Where the answer's stages record what reached the client (its text, labels, receipt): recorded in
     * the {@link #facts()} once that output went out, which on a route with {@link AnswerGate}s is when
     * every gate released it, and never for output a gate withheld.
     */
    public AnswerDelivery delivery() {
        return delivery;
    }

    /** Who asks what: fixed for the exchange's life. */
    public ExchangeContext context() {
        return context;
    }

    /** What happened so far, recorded by the filters and stages for the audit. */
    public ExchangeFacts facts() {
        return facts;
    }

    public Protocol protocol() {
        return context.protocol();
    }

    public Product product() {
        return context.product();
    }

    public String requestId() {
        return context.requestId();
    }

    /** The request to forward, as the policies left it ({@link ExchangeFacts#request()}). */
    public ChatRequest request() {
        return facts.request();
    }

    /** Replaces the request sent upstream (a masked prompt, say): {@link ExchangeFacts#replaceRequest}. */
    public void replaceRequest(ChatRequest changed) {
        facts.replaceRequest(changed);
    }

    /** The bytes to send upstream: the client's body unless a policy replaced the request. */
    public byte[] upstreamBody() {
        return facts.request().raw();
    }

    /**
     * Set by the protocol filter at admission: writes the exchange's audit line as things stand and
     * completes once it is durable ({@link ExchangeAudit#commit}).
     */
    public void auditCommit(Supplier<Mono<Void>> commit) {
        auditCommit.set(commit);
    }

    /**
     * To subscribe to just before the answer's last bytes go out (the whole body of a JSON answer, the
     * end event of a stream, a gateway error answer): completes once the exchange's audit line is
     * durable, so no client ever holds a complete answer the audit log could lose; errors with
     * {@code audit_unavailable} when the line could not be written. Empty when the line was already
     * committed, or the exchange is not audited. Lazy.
     */
    public Mono<Void> commitAudit() {
        return Mono.defer(() -> {
            Supplier<Mono<Void>> commit = auditCommit.get();
            return commit == null ? Mono.empty() : commit.get();
        });
    }

    /** Adds a response stage; {@code factory} is called once per answer, in the order stages were added. */
    public void addResponseStage(Supplier<ResponseStage> factory) {
        stageFactories.add(Objects.requireNonNull(factory, "factory"));
    }

    /**
     * New instances of the response stages, in order: the route's, between the answer recorders
     * when {@link #recordAnswer(boolean)} or {@link #observeUsage()} asked for them (the last one notes
     * whether output was delivered, and keeps the text only when texts are recorded). Tells the
     * {@link #delivery()} whether gates are among them.
     */
    public List<ResponseStage> newResponseStages() {
        Observed what = observed.get();
        List<ResponseStage> stages = new ArrayList<>(stageFactories.size() + 2);
        if (what != Observed.NOTHING) {
            stages.add(new AnswerRecorder(facts, delivery, AnswerRecorder.What.USAGE));
        }
        stageFactories.forEach(f -> stages.add(f.get()));
        if (what != Observed.NOTHING) {
            stages.add(new AnswerRecorder(facts, delivery, what == Observed.USAGE_AND_TEXT
                    ? AnswerRecorder.What.DELIVERED_TEXT : AnswerRecorder.What.DELIVERED_OUTPUT));
        }
        delivery.gated(stages.stream().anyMatch(AnswerGate.class::isInstance));
        return stages;
    }

    /**
     * Asks for the answer's token usage and whether output was delivered to be recorded, and the
     * delivered text itself when {@code withText}. Call before the answer starts (the audit does, at
     * admission). Without it nothing is observed, and a route without stages passes answers through unparsed.
     */
    public void recordAnswer(boolean withText) {
        observed.set(withText ? Observed.USAGE_AND_TEXT : Observed.USAGE);
    }

    /**
     * Asks for the answer's token usage to be recorded ({@link ExchangeFacts#usage()}), without changing
     * whether texts are; for the quota and the token meters. Call before the answer starts.
     */
    public void observeUsage() {
        observed.updateAndGet(now -> now == Observed.NOTHING ? Observed.USAGE : now);
    }

    /**
     * Runs {@code action} once when the exchange has ended, however it ended (answered, refused, failed,
     * cancelled), after its audit line was handed over: for what must see the whole answer (its usage)
     * or hold something until the end (a stream's quota place). Route filters cannot, since their chain
     * completes once the upstream's response head arrived, before the body is written.
     */
    public void whenEnded(Runnable action) {
        endActions.add(Objects.requireNonNull(action, "action"));
    }

    /** Called once by the protocol filter when the exchange ended: runs the {@link #whenEnded} actions in order. */
    public void ended() {
        Runnable action;
        while ((action = endActions.poll()) != null) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("An end-of-exchange action of {} failed", context.requestId(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "ChatExchange[" + context.requestId() + ", " + context.protocol() + ", product=" + context.product().id()
                + ", " + facts.request() + "]";
    }
}
