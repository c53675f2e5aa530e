package io.aigw.filters.audit;

import io.aigw.filters.content.ContentMatch;
import io.aigw.filters.label.LabeledAnswer;
import io.aigw.filters.license.LicenseDecision;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.TokenCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What happened in one chat exchange, for its audit line (and the meters that read usage): the request as
 * forwarded, the policies' decisions (license, content matches per side, labels), what the answer
 * delivered (usage, text), how it went (upstream called and served by, the error answered, a cancel) and
 * when it was admitted. {@link ExchangeRecords} decides the outcome from these facts and an
 * {@link ExchangeEnding}.
 *
 * <p>Thread-safety, one rule for every fact: each is an immutable value held in its own atomic
 * reference (or flag, or, for the delivered text pieces, a lock-free queue), so a fact recorded on one
 * thread is seen whole by a reader on any other. Writers are the request filters and the response stages
 * on the event loop, the decorator's error and cancel paths (possibly a timer thread), and the upstream
 * call; the audit reads them when the exchange commits or ends. Facts that accumulate (content matches,
 * usage) are folded atomically, so concurrent additions are never lost; the others are "last recorded
 * wins". A reader sees each fact as of its read, not a snapshot across facts: the audit builds the record
 * after the writers are done, except for a cancel that races the end, which either counts or does not.
 */
public final class ExchangeFacts {

    private final AtomicReference<ChatRequest> request;
    private final AtomicReference<Instant> admittedAt = new AtomicReference<>();
    private final AtomicReference<LicenseDecision> licenseDecision = new AtomicReference<>();
    private final AtomicReference<List<ContentMatch>> promptMatches = new AtomicReference<>(List.of());
    private final AtomicReference<List<ContentMatch>> completionMatches = new AtomicReference<>(List.of());
    private final AtomicReference<LabeledAnswer> labeledAnswer = new AtomicReference<>();
    private final AtomicReference<LabelProgress> labelProgress = new AtomicReference<>();
    private final AtomicReference<TokenCounts> usage = new AtomicReference<>();
    private final AtomicReference<AnsweredError> answeredError = new AtomicReference<>();
    private final AtomicReference<String> upstreamCalled = new AtomicReference<>();
    private final AtomicReference<String> upstreamServedBy = new AtomicReference<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean outputDelivered = new AtomicBoolean();
    private final ConcurrentLinkedQueue<String> deliveredText = new ConcurrentLinkedQueue<>();

    /** @param decoded the request as the client sent it */
    public ExchangeFacts(ChatRequest decoded) {
        this.request = new AtomicReference<>(Objects.requireNonNull(decoded, "decoded"));
    }

    /** The request to forward (after admission: as forwarded): the client's unless a policy or a fallback replaced it. */
    public ChatRequest request() {
        return request.get();
    }

    /** Replaces the request sent upstream (a masked prompt, a fallback's model); its {@link ChatRequest#raw()} is what is sent. */
    public void replaceRequest(ChatRequest changed) {
        request.set(Objects.requireNonNull(changed, "changed"));
    }

    /** Records when the exchange was put to the audit for admission (whether or not the audit could take it). */
    public void admitted(Instant at) {
        admittedAt.set(Objects.requireNonNull(at, "at"));
    }

    /** When the exchange was put to the audit, or null when there is no audit. */
    public Instant admittedAt() {
        return admittedAt.get();
    }

    /** Records the license decision taken for this exchange. */
    public void recordLicense(LicenseDecision decision) {
        licenseDecision.set(Objects.requireNonNull(decision, "decision"));
    }

    /** The license decision, or null when no license check ran. */
    public LicenseDecision licenseDecision() {
        return licenseDecision.get();
    }

    /** Adds content-policy matches found in the prompt (a block among them means the prompt was refused). */
    public void recordPromptMatches(List<ContentMatch> matches) {
        promptMatches.updateAndGet(before -> concat(before, matches));
    }

    /** The prompt's content-policy matches so far, in report order; never null. */
    public List<ContentMatch> promptMatches() {
        return promptMatches.get();
    }

    /** Adds content-policy matches found in the completion (a block among them means it was cut off). */
    public void recordCompletionMatches(List<ContentMatch> matches) {
        completionMatches.updateAndGet(before -> concat(before, matches));
    }

    /** The completion's content-policy matches so far; never null. */
    public List<ContentMatch> completionMatches() {
        return completionMatches.get();
    }

    /** Records the finished, labeled answer (explicit/implicit label flags, ProduceID, receipt). */
    public void recordLabeledAnswer(LabeledAnswer answer) {
        labeledAnswer.set(Objects.requireNonNull(answer, "answer"));
    }

    /** The labeled answer, or null when none was generated or the route does not label. */
    public LabeledAnswer labeledAnswer() {
        return labeledAnswer.get();
    }

    /**
     * Records how far the labeling of a streamed answer got: its ProduceID (which went out in the
     * response head) and whether the explicit label went out in every configured position so far.
     * Kept so that an answer cut short (cancelled, failed mid-stream) is audited as what it was.
     */
    public void recordLabelProgress(String produceId, boolean explicitComplete) {
        labelProgress.set(new LabelProgress(Objects.requireNonNull(produceId, "produceId"), explicitComplete));
    }

    /** How far the labeling of a streamed answer got, or null when it delivered no label. */
    public LabelProgress labelProgress() {
        return labelProgress.get();
    }

    /** Folds a usage report of the upstream into {@link #usage()}. */
    public void updateUsage(TokenCounts reported) {
        usage.updateAndGet(now -> now == null ? reported : now.updatedBy(reported));
    }

    /** The token usage the upstream reported, or null when it reported none (or it was not observed). */
    public TokenCounts usage() {
        return usage.get();
    }

    /** Records that the client went away before the answer ended (its stream was cancelled). */
    public void recordCancelled() {
        cancelled.set(true);
    }

    /** Whether the client went away before the answer ended. */
    public boolean cancelled() {
        return cancelled.get();
    }

    /**
     * Records the error the client was given: an error answer with {@code status}, or (status 200) the
     * protocol's error event that ended a stream already under way. The last one recorded counts.
     */
    public void recordError(ProtocolException error, int status) {
        answeredError.set(new AnsweredError(status, error.code()));
    }

    /** The error the client was given, or null when it was given none by the gateway. */
    public AnsweredError answeredError() {
        return answeredError.get();
    }

    /** Records that an attempt goes to the upstream {@code name} (the route's id, or a fallback's name). */
    public void recordUpstreamCalled(String name) {
        upstreamCalled.set(Objects.requireNonNull(name, "name"));
    }

    /** Records that the upstream {@code name} answered the exchange. */
    public void recordUpstreamServedBy(String name) {
        upstreamServedBy.set(Objects.requireNonNull(name, "name"));
    }

    /** The upstream whose answer the client got, else the one called last; null when none was called. */
    public String upstreamName() {
        String servedBy = upstreamServedBy.get();
        return servedBy != null ? servedBy : upstreamCalled.get();
    }

    /** Records that output other than answer text (reasoning, a tool call) reached the client. */
    public void noteOutputDelivered() {
        outputDelivered.set(true);
    }

    /** Records that answer text reached the client, and keeps {@code piece} for the audit line. */
    public void addDeliveredText(String piece) {
        outputDelivered.set(true);
        deliveredText.add(piece);
    }

    /**
     * Whether assistant output (model text, the label put before it, reasoning, a tool call) reached the
     * client. Observed only when the exchange asked for its answer to be recorded.
     */
    public boolean textDelivered() {
        return outputDelivered.get();
    }

    /**
     * The assistant text delivered to the client so far, in delivery order (all choices / blocks
     * joined), or null when it is not kept or none was delivered.
     */
    public String deliveredText() {
        if (deliveredText.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        deliveredText.forEach(sb::append);
        return sb.toString();
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
}
