package io.aigw.filters.audit;

import io.aigw.filters.label.ExplicitLabelOutcome;
import io.aigw.filters.label.LabeledAnswer;
import io.aigw.filters.license.LicenseDecision;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the audit log keeps about one exchange: served, denied, blocked or failed. Immutable and
 * thread-safe. Built with {@link #builder(String, Instant)} at the end of the exchange and handed
 * to {@link AuditTicket#submit(AuditRecord)}; rendered by {@link AuditLineFormat} in a fixed key
 * order.
 *
 * <p>Nullable components mean "did not happen" (no upstream call, no completion scanned, no
 * answer labeled); they are written as JSON {@code null}, so every record line has the same keys.
 * The prompt and completion texts are kept here but written only when
 * {@code aigw.audit.include-text} is on.
 *
 * @param requestId the {@code X-Request-Id}; never null or empty
 * @param time when the gateway accepted the request; never null
 * @param product the product id, or null when the key was unknown
 * @param model the requested model, or null when the body was not read
 * @param protocol the client protocol, for example {@code openai}; never null
 * @param license the license check; never null ({@link LicenseCheck#notChecked()} when none ran)
 * @param prompt the prompt scan, or null when the prompt was not scanned
 * @param completion the completion scan, or null when no completion was scanned
 * @param generated whether any model output reached the client (the denominator of coverage)
 * @param label the labels applied, or null when the answer was not labeled
 * @param produceId the GB 45438 ProduceID, or null
 * @param receipt the compact JWS receipt, or null. The full JWS rather than its digest: the log
 *     then proves on its own what was signed, and the digest (ReservedCode1) is recomputable.
 * @param contentSha256 base64url SHA-256 of the delivered text, or null
 * @param upstream the upstream call, or null when none was made
 * @param usage token usage as the upstream reported it, or null
 * @param outcome how the exchange ended; never null
 * @param error the error the client was given, or null when it was given none (see {@link ErrorInfo})
 * @param promptText the prompt, or null
 * @param completionText the delivered completion, or null
 * @param explicitLabels which explicit label each choice of the labeled answer got, in choice order
 *     ({@link io.aigw.filters.label.ExplicitLabelOutcome#wire()}), or null when no answer was labeled;
 *     copied
 * @param labelBasis the user agreement reference of the product's opt-out when an explicit label was
 *     omitted for it (labeling Measures Art. 9), else null
 */
public record AuditRecord(String requestId, Instant time, String product, String model, String protocol,
        LicenseCheck license, ScanVerdict prompt, ScanVerdict completion, boolean generated, LabelFlags label,
        String produceId, String receipt, String contentSha256, UpstreamCall upstream, TokenUsage usage,
        Outcome outcome, ErrorInfo error, String promptText, String completionText, List<String> explicitLabels,
        String labelBasis) {

    /**
     * @throws NullPointerException when a required component is null
     * @throws IllegalArgumentException when {@code requestId} is empty
     */
    public AuditRecord {
        Objects.requireNonNull(requestId, "requestId");
        if (requestId.isEmpty()) {
            throw new IllegalArgumentException("requestId must not be empty");
        }
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(outcome, "outcome");
        explicitLabels = explicitLabels == null ? null : List.copyOf(explicitLabels);
    }

    /** Whether the answer carried every label: explicit, implicit and a signed receipt. */
    public boolean fullyLabeled() {
        return label != null && label.explicit() && label.implicit() && label.receipt();
    }

    /** A builder with the two components that have no default. */
    public static Builder builder(String requestId, Instant time) {
        return new Builder(requestId, time);
    }

    /** How an exchange ended. */
    public enum Outcome {
        /** An answer was delivered (possibly with masked or flagged content). */
        SERVED,
        /** Refused before the upstream: unknown key or license denial. */
        DENIED,
        /** The prompt or the completion was blocked by the content policy. */
        BLOCKED,
        /**
         * The upstream or the gateway failed: an error answer, or a stream that ended with the
         * protocol's error event after part of the answer went out ({@link AuditRecord#error()} tells which).
         */
        ERROR,
        /** The client went away (disconnected, cancelled) before the answer ended; the upstream call was cancelled. */
        CANCELLED,
        /**
         * The request could not be read as a chat request (400 invalid JSON, encoding or field; 413
         * too large) and was refused before any policy ran.
         */
        INVALID,
        /** Refused with 429 before the upstream: the product (or model) was over its quota. */
        RATE_LIMITED;

        /**
         * The wire name: {@code served}, {@code denied}, {@code blocked}, {@code error},
         * {@code cancelled}, {@code invalid}, {@code rate_limited}.
         */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the value when it is no outcome */
        public static Outcome fromWire(String wire) {
            for (Outcome o : values()) {
                if (o.wire().equals(wire)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("unknown outcome '" + wire + "'");
        }
    }

    /** The license decision. */
    public enum LicenseOutcome {
        ALLOW, DENY,
        /** Monitor mode: served, but a strict check would have denied for the reason given. */
        WOULD_DENY,
        /** No license check ran (for example the key was unknown). */
        NOT_CHECKED;

        /** The wire name, for example {@code would_deny}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param decision never null
     * @param reason the deny reason code (for example {@code license_expired}); null for
     *     {@code allow} and {@code not_checked}, required for {@code deny} and {@code would_deny}
     */
    public record LicenseCheck(LicenseOutcome decision, String reason) {
        /** @throws IllegalArgumentException when the reason does not fit the decision */
        public LicenseCheck {
            Objects.requireNonNull(decision, "decision");
            boolean needsReason = decision == LicenseOutcome.DENY || decision == LicenseOutcome.WOULD_DENY;
            if (needsReason != (reason != null)) {
                throw new IllegalArgumentException("license decision " + decision.wire()
                        + (needsReason ? " needs a reason" : " takes no reason, got '" + reason + "'"));
            }
        }

        public static LicenseCheck allow() {
            return new LicenseCheck(LicenseOutcome.ALLOW, null);
        }

        public static LicenseCheck deny(String reason) {
            return new LicenseCheck(LicenseOutcome.DENY, reason);
        }

        public static LicenseCheck notChecked() {
            return new LicenseCheck(LicenseOutcome.NOT_CHECKED, null);
        }

        /**
         * The audit view of a license decision: {@code deny} with its reason, {@code would_deny}
         * when it was let through (monitor mode, or fail-open on an unreachable registry), else
         * {@code allow}.
         */
        public static LicenseCheck of(LicenseDecision decision) {
            if (!decision.allowed()) {
                return deny(decision.reason().code());
            }
            if (decision.wouldDeny() != null) {
                return new LicenseCheck(LicenseOutcome.WOULD_DENY, decision.wouldDeny().code());
            }
            return allow();
        }
    }

    /** The strongest content action taken on one side. */
    public enum ScanOutcome {
        ALLOW, FLAG, MASK, BLOCK;

        /** The wire name, for example {@code block}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param outcome never null
     * @param categories the matched categories, in match order, without duplicates; copied
     */
    public record ScanVerdict(ScanOutcome outcome, List<String> categories) {
        public ScanVerdict {
            Objects.requireNonNull(outcome, "outcome");
            categories = List.copyOf(categories);
        }

        /** Nothing matched. */
        public static ScanVerdict allow() {
            return new ScanVerdict(ScanOutcome.ALLOW, List.of());
        }
    }

    /**
     * @param explicit the visible label went out in every configured position
     * @param implicit the AIGC metadata was attached
     * @param receipt a signed receipt was attached
     */
    public record LabelFlags(boolean explicit, boolean implicit, boolean receipt) {

        /** The flags of a finished answer. */
        public static LabelFlags of(LabeledAnswer answer) {
            return new LabelFlags(answer.explicitLabeled(), answer.implicitLabeled(), !answer.receipt().isEmpty());
        }
    }

    /**
     * @param name the upstream whose response the client got (a route id, or a fallback's name), or
     *     null when not known
     * @param status the upstream HTTP status, or null when no response arrived
     * @param latencyMs milliseconds from sending the request to the end of the answer, not negative
     */
    public record UpstreamCall(String name, Integer status, long latencyMs) {
        public UpstreamCall {
            if (latencyMs < 0) {
                throw new IllegalArgumentException("latencyMs must not be negative: " + latencyMs);
            }
        }

        /** A call to an upstream not named. */
        public UpstreamCall(Integer status, long latencyMs) {
            this(null, status, latencyMs);
        }
    }

    /**
     * The error a client was given.
     *
     * @param status the HTTP status of the response the client got, or null when none was sent; 200
     *     when the error came as the protocol's error event, after the answer had begun
     * @param code the gateway's error code (the OpenAI {@code code}, for example {@code upstream_timeout}),
     *     or null when the upstream's own error answer was passed on
     */
    public record ErrorInfo(Integer status, String code) {
    }

    /**
     * @param promptTokens as reported by the upstream, or null
     * @param completionTokens as reported by the upstream, or null
     */
    public record TokenUsage(Long promptTokens, Long completionTokens) {
    }

    /** Collects the components; not thread-safe. */
    public static final class Builder {
        private final String requestId;
        private final Instant time;
        private String product;
        private String model;
        private String protocol;
        private LicenseCheck license = LicenseCheck.notChecked();
        private ScanVerdict prompt;
        private ScanVerdict completion;
        private boolean generated;
        private LabelFlags label;
        private String produceId;
        private String receipt;
        private String contentSha256;
        private UpstreamCall upstream;
        private TokenUsage usage;
        private Outcome outcome;
        private ErrorInfo error;
        private String promptText;
        private String completionText;
        private List<String> explicitLabels;
        private String labelBasis;

        private Builder(String requestId, Instant time) {
            this.requestId = requestId;
            this.time = time;
        }

        public Builder product(String v) { product = v; return this; }
        public Builder model(String v) { model = v; return this; }
        public Builder protocol(String v) { protocol = v; return this; }
        public Builder license(LicenseCheck v) { license = v; return this; }
        public Builder prompt(ScanVerdict v) { prompt = v; return this; }
        public Builder completion(ScanVerdict v) { completion = v; return this; }
        public Builder generated(boolean v) { generated = v; return this; }
        public Builder label(LabelFlags v) { label = v; return this; }
        public Builder produceId(String v) { produceId = v; return this; }
        public Builder receipt(String v) { receipt = v; return this; }
        public Builder contentSha256(String v) { contentSha256 = v; return this; }
        public Builder upstream(UpstreamCall v) { upstream = v; return this; }
        public Builder usage(TokenUsage v) { usage = v; return this; }
        public Builder outcome(Outcome v) { outcome = v; return this; }
        public Builder error(ErrorInfo v) { error = v; return this; }
        public Builder promptText(String v) { promptText = v; return this; }
        public Builder completionText(String v) { completionText = v; return this; }
        public Builder explicitLabels(List<String> v) { explicitLabels = v; return this; }
        public Builder labelBasis(String v) { labelBasis = v; return this; }

        /**
         * Marks the exchange as generated and takes the label flags, ProduceID, receipt and
         * content hash from the finished answer.
         */
        public Builder labeled(LabeledAnswer answer) {
            generated = true;
            label = LabelFlags.of(answer);
            produceId = answer.produceId();
            receipt = answer.receipt();
            contentSha256 = answer.claims().contentSha256();
            explicitLabels = answer.explicitLabels().stream().map(ExplicitLabelOutcome::wire).toList();
            labelBasis = answer.omissionBasis();
            return this;
        }

        /** @throws NullPointerException / IllegalArgumentException as the record constructor */
        public AuditRecord build() {
            return new AuditRecord(requestId, time, product, model, protocol, license, prompt, completion, generated,
                    label, produceId, receipt, contentSha256, upstream, usage, outcome, error, promptText, completionText,
                    explicitLabels, labelBasis);
        }
    }
}
