package io.aigw.gateway.exchange;

import io.aigw.filters.content.ContentMatch;
import io.aigw.filters.label.LabeledAnswer;
import io.aigw.filters.license.LicenseDecision;
import io.aigw.filters.license.Product;
import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.TokenCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The chat exchange behind one HTTP exchange: who asks (the product), what (the decoded request), and
 * the response stages the route's policy filters contribute. Created by the protocol filter once the
 * request is authenticated and decoded; later filters read it from the exchange attributes, may
 * replace the request (a masked prompt, say) and add stages. Used by one exchange at a time.
 *
 * <p>The policy filters also record here what they decided (licence decision, content matches per
 * side, the labeled answer), for the exchange's audit line. Those facts are published through
 * volatile fields, because the audit line may be written on another thread when the exchange ends.
 *
 * <p>When the audit asks for it ({@link #recordAnswer(boolean)}), the answer itself is observed too:
 * a first stage takes the token usage the upstream reports (before any policy changes or cuts the
 * answer), and a last stage the assistant text as delivered to the client (labels and masks
 * included), only when texts are logged.
 */
public final class ChatExchange {

    /** Exchange attribute holding the {@link ChatExchange}. */
    public static final String ATTRIBUTE = ChatExchange.class.getName();

    private static final Logger log = LoggerFactory.getLogger(ChatExchange.class);

    private final Protocol protocol;
    private final Product product;
    private final String requestId;
    private ChatRequest request;
    private final List<Supplier<ResponseStage>> stageFactories = new ArrayList<>();
    private volatile LicenseDecision licenseDecision;
    private volatile List<ContentMatch> promptMatches = List.of();
    private volatile List<ContentMatch> completionMatches = List.of();
    private volatile LabeledAnswer labeledAnswer;
    private volatile boolean recordUsage;
    private volatile boolean recordText;
    private volatile TokenCounts usage;
    private volatile boolean cancelled;
    private volatile AnsweredError answeredError;
    private volatile boolean textDelivered;
    private volatile LabelProgress labelProgress;
    private volatile Supplier<Mono<Void>> auditCommit;
    private final ConcurrentLinkedQueue<Runnable> endActions = new ConcurrentLinkedQueue<>();
    /** Delivered text pieces in order; lock-free, since the end of the exchange may race with the answer. */
    private final ConcurrentLinkedQueue<String> deliveredText = new ConcurrentLinkedQueue<>();

    public ChatExchange(Protocol protocol, Product product, String requestId, ChatRequest request) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.product = Objects.requireNonNull(product, "product");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.request = Objects.requireNonNull(request, "request");
    }

    /** The chat exchange of {@code exchange}, or {@code null} on routes without a protocol filter. */
    public static ChatExchange of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    public Protocol protocol() {
        return protocol;
    }

    public Product product() {
        return product;
    }

    public String requestId() {
        return requestId;
    }

    /**
     * Set by the protocol filter at admission: writes the exchange's audit line as things stand and
     * completes once it is durable ({@link ExchangeAudit#commit}).
     */
    public void auditCommit(Supplier<Mono<Void>> commit) {
        this.auditCommit = commit;
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
            Supplier<Mono<Void>> commit = auditCommit;
            return commit == null ? Mono.empty() : commit.get();
        });
    }

    public ChatRequest request() {
        return request;
    }

    /** Replaces the request sent upstream (a masked prompt, say); its {@link ChatRequest#raw()} is what is sent. */
    public void replaceRequest(ChatRequest changed) {
        this.request = Objects.requireNonNull(changed, "changed");
    }

    /** The bytes to send upstream: the client's body unless a policy replaced the request. */
    public byte[] upstreamBody() {
        return request.raw();
    }

    /** Adds a response stage; {@code factory} is called once per answer, in the order stages were added. */
    public void addResponseStage(Supplier<ResponseStage> factory) {
        stageFactories.add(Objects.requireNonNull(factory, "factory"));
    }

    /**
     * New instances of the response stages, in order: the route's, between the answer recorders
     * when {@link #recordAnswer(boolean)} asked for them (the last one notes whether text was
     * delivered, and keeps the text only when texts are recorded).
     */
    public List<ResponseStage> newResponseStages() {
        List<ResponseStage> stages = new ArrayList<>(stageFactories.size() + 2);
        if (recordUsage) {
            stages.add(new AnswerRecorder(this, AnswerRecorder.What.USAGE));
        }
        stageFactories.forEach(f -> stages.add(f.get()));
        if (recordUsage) {
            stages.add(new AnswerRecorder(this, AnswerRecorder.What.DELIVERED_TEXT));
        }
        return stages;
    }

    /**
     * Asks for the answer's token usage and whether text was delivered to be recorded, and the
     * delivered text itself when {@code withText}. Call before the answer starts (the audit does, at admission). Without it
     * nothing is observed, and a route without stages passes answers through unparsed.
     */
    public void recordAnswer(boolean withText) {
        recordUsage = true;
        recordText = withText;
    }

    /**
     * Asks for the answer's token usage to be recorded ({@link #usage()}), without changing whether
     * texts are; for the quota and the token meters. Call before the answer starts.
     */
    public void observeUsage() {
        recordUsage = true;
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
                log.error("An end-of-exchange action of {} failed", requestId, e);
            }
        }
    }

    /** Records that the client went away before the answer ended (its stream was cancelled). */
    public void recordCancelled() {
        cancelled = true;
    }

    /** Whether the client went away before the answer ended. */
    public boolean cancelled() {
        return cancelled;
    }

    /**
     * Records the error the client was given: an error answer with {@code status}, or (status 200) the
     * protocol's error event that ended a stream already under way. The last one recorded counts.
     */
    public void recordError(ProtocolException error, int status) {
        answeredError = new AnsweredError(status, error.code());
    }

    /** The error the client was given, or null when it was given none by the gateway. */
    public AnsweredError answeredError() {
        return answeredError;
    }

    /**
     * Whether assistant text (model output, or the label put before it) went through the last response
     * stage toward the client. Observed only when {@link #recordAnswer(boolean)} asked for it.
     */
    public boolean textDelivered() {
        return textDelivered;
    }

    /**
     * Records how far the labeling of a streamed answer got: its ProduceID (which went out in the
     * response head) and whether the explicit label went out in every configured position so far.
     * Kept so that an answer cut short (cancelled, failed mid-stream) is audited as what it was.
     */
    public void recordLabelProgress(String produceId, boolean explicitComplete) {
        labelProgress = new LabelProgress(Objects.requireNonNull(produceId, "produceId"), explicitComplete);
    }

    /** How far the labeling of a streamed answer got, or null when it delivered no label. */
    public LabelProgress labelProgress() {
        return labelProgress;
    }

    /** The token usage the upstream reported, or null when it reported none (or it was not recorded). */
    public TokenCounts usage() {
        return usage;
    }

    /** Folds a usage report of the upstream into {@link #usage()}; called by the usage recorder. */
    void updateUsage(TokenCounts reported) {
        TokenCounts now = usage;
        usage = now == null ? reported : now.updatedBy(reported);
    }

    /**
     * The assistant text delivered to the client so far, in delivery order (all choices / blocks
     * joined), or null when it is not recorded or none was delivered.
     */
    public String deliveredText() {
        if (deliveredText.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        deliveredText.forEach(sb::append);
        return sb.toString();
    }

    /** Records that output other than answer text (reasoning, a tool call) was delivered; called by the delivered-text recorder. */
    void noteOutputDelivered() {
        if (!textDelivered) {
            textDelivered = true;
        }
    }

    /** Records that text was delivered, and appends {@code piece} when texts are recorded; called by the delivered-text recorder. */
    void addDeliveredText(String piece) {
        if (!textDelivered) {
            textDelivered = true;
        }
        if (recordText) {
            deliveredText.add(piece);
        }
    }

    /** Records the licence decision taken for this exchange. */
    public void recordLicense(LicenseDecision decision) {
        this.licenseDecision = Objects.requireNonNull(decision, "decision");
    }

    /** The licence decision, or null when no licence check ran. */
    public LicenseDecision licenseDecision() {
        return licenseDecision;
    }

    /** Adds content-policy matches found in the prompt (a block among them means the prompt was refused). */
    public void recordPromptMatches(List<ContentMatch> matches) {
        promptMatches = concat(promptMatches, matches);
    }

    /** The prompt's content-policy matches so far, in report order; never null. */
    public List<ContentMatch> promptMatches() {
        return promptMatches;
    }

    /** Adds content-policy matches found in the completion (a block among them means it was cut off). */
    public void recordCompletionMatches(List<ContentMatch> matches) {
        completionMatches = concat(completionMatches, matches);
    }

    /** The completion's content-policy matches so far; never null. */
    public List<ContentMatch> completionMatches() {
        return completionMatches;
    }

    /** Records the finished, labeled answer (explicit/implicit label flags, ProduceID, receipt). */
    public void recordLabeledAnswer(LabeledAnswer answer) {
        this.labeledAnswer = Objects.requireNonNull(answer, "answer");
    }

    /** The labeled answer, or null when none was generated or the route does not label. */
    public LabeledAnswer labeledAnswer() {
        return labeledAnswer;
    }

    /**
     * An error the client was given.
     *
     * @param status the HTTP status of the response; 200 when the error was a stream's error event
     * @param code the error code (the OpenAI {@code code}); never null
     */
    public record AnsweredError(int status, String code) {
    }

    /**
     * The labeling of a streamed answer so far.
     *
     * @param produceId the answer's ProduceID; never null
     * @param explicitComplete whether the explicit label went out in every configured position
     */
    public record LabelProgress(String produceId, boolean explicitComplete) {
    }

    private static List<ContentMatch> concat(List<ContentMatch> before, List<ContentMatch> added) {
        if (added.isEmpty()) {
            return before;
        }
        List<ContentMatch> all = new ArrayList<>(before.size() + added.size());
        all.addAll(before);
        all.addAll(added);
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return "ChatExchange[" + requestId + ", " + protocol + ", product=" + product.id() + ", " + request + "]";
    }
}
