package io.aigw.gateway.content;

import io.aigw.filters.content.ContentMatch;
import io.aigw.filters.content.ContentPolicy;
import io.aigw.filters.content.ContentScanStage;
import io.aigw.filters.content.Verdict;
import io.aigw.filters.protocol.ApiEndpoint;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolAdapter;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.adapters.EndpointRequests;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import io.aigw.gateway.exchange.ChatExchange;
import io.aigw.gateway.exchange.ErrorResponses;
import java.util.ArrayList;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.stereotype.Component;

/**
 * The content policy of a route ({@code - ContentFilter} or {@code - ContentFilter=strict}): scans the
 * prompt — a blocked prompt gets 400 {@code content_policy_violation} and never reaches the upstream,
 * a masked prompt is forwarded masked — and adds the completion stage that scans the answer. List it
 * after {@code ChatProtocol} and before {@code AiLabel}, so that the label is never scanned.
 */
@Component
public class ContentFilterGatewayFilterFactory extends AbstractGatewayFilterFactory<ContentFilterGatewayFilterFactory.Config> {

    private final ContentPolicies policies;
    private final ContentProperties properties;
    private final ContentMetrics metrics;

    public ContentFilterGatewayFilterFactory(ContentPolicies policies, ContentProperties properties, ContentMetrics metrics) {
        super(Config.class);
        this.policies = policies;
        this.properties = properties;
        this.metrics = metrics;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("profile");
    }

    @Override
    public GatewayFilter apply(Config config) {
        config.validate(policies);
        String profile = config.getProfile();
        boolean scanPrompts = config.getScanPrompts() != null ? config.getScanPrompts() : properties.scanPrompts();
        boolean scanCompletions = config.getScanCompletions() != null ? config.getScanCompletions() : properties.scanCompletions();
        return (exchange, chain) -> {
            ChatExchange chat = ChatExchange.of(exchange);
            if (chat == null) {
                return chain.filter(exchange);
            }
            ContentPolicy policy = policies.policy(profile);
            ApiEndpoint endpoint = chat.context().endpoint();
            if (scanPrompts) {
                ProtocolException blocked = scanPrompt(chat, policy, endpoint);
                if (blocked != null) {
                    return ErrorResponses.write(exchange, chat.protocol(), blocked);
                }
            }
            if (scanCompletions && endpoint.generative()) {
                ProtocolAdapter adapter = ProtocolAdapters.of(chat.protocol());
                chat.addResponseStage(() -> new ContentScanStage(policy, adapter.contentFilterFinishReason(),
                        properties.refusalText(), adapter.reasoningIsSigned(), adapter.answerGrammar().allTextIsOneAnswer(),
                        matches -> {
                            metrics.record(ContentMetrics.Side.COMPLETION, matches);
                            chat.facts().recordCompletionMatches(matches);
                        }));
            }
            return chain.filter(exchange);
        };
    }

    /**
     * Scans every prompt text (every surface the model reads: RequestCodec#rewriteText, or the embeddings'
     * input); masks in place, or returns the error for a blocked prompt or for a prompt shape the scan does
     * not understand.
     */
    @SuppressWarnings("ReferenceEquality") // the stage returns the very request it was given when nothing was masked
    private ProtocolException scanPrompt(ChatExchange chat, ContentPolicy policy, ApiEndpoint endpoint) {
        List<ContentMatch> matches = new ArrayList<>();
        List<String> blockedCategories = new ArrayList<>();
        ChatRequest request = chat.request();
        if (EndpointRequests.hasUnreadableInput(endpoint, request)) {
            // Token ids would pass the lexicon unread; a route that must forward them turns prompt scanning off.
            return new ProtocolException(ErrorKind.INVALID_FIELD,
                    "the content policy reads text: send 'input' as strings, not token ids");
        }
        ChatRequest rewritten;
        try {
            rewritten = EndpointRequests.rewritePromptText(endpoint, request, text -> {
                Verdict verdict = policy.scanPrompt(text);
                matches.addAll(verdict.matches());
                verdict.firstBlock().ifPresent(match -> blockedCategories.add(match.category()));
                return verdict.maskedText();
            });
        } catch (ProtocolException unsupportedShape) {
            return unsupportedShape;
        }
        metrics.record(ContentMetrics.Side.PROMPT, matches);
        chat.facts().recordPromptMatches(matches);
        if (!blockedCategories.isEmpty()) {
            return new ProtocolException(ErrorKind.CONTENT_POLICY,
                    "the prompt was blocked by the content policy (category " + blockedCategories.get(0) + ")");
        }
        if (rewritten != request) {
            chat.replaceRequest(rewritten);
        }
        return null;
    }

    /** Route settings: the profile, and optional per-route switches for prompt and completion scanning. */
    public static class Config {
        private String profile = ContentPolicies.DEFAULT_PROFILE;
        private Boolean scanPrompts;
        private Boolean scanCompletions;

        public String getProfile() {
            return profile;
        }

        public void setProfile(String profile) {
            this.profile = profile;
        }

        public Boolean getScanPrompts() {
            return scanPrompts;
        }

        public void setScanPrompts(Boolean scanPrompts) {
            this.scanPrompts = scanPrompts;
        }

        public Boolean getScanCompletions() {
            return scanCompletions;
        }

        public void setScanCompletions(Boolean scanCompletions) {
            this.scanCompletions = scanCompletions;
        }

        void validate(ContentPolicies policies) {
            policies.policy(profile);
        }

        @Override
        public String toString() {
            return "ContentFilter[profile=" + profile + ", scanPrompts=" + scanPrompts + ", scanCompletions=" + scanCompletions + "]";
        }
    }
}
