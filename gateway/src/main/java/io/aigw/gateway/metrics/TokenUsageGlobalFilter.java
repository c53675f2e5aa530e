package io.aigw.gateway.metrics;

import io.aigw.filters.protocol.TokenCounts;
import io.aigw.gateway.exchange.ChatExchange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Counts the tokens the upstreams report: {@value #NAME} (Prometheus {@code aigw_tokens_total}) tagged
 * {@code product}, {@code model} (as sent upstream: the fallback's model when a fallback answered) and
 * {@code kind} ({@code prompt}: OpenAI {@code prompt_tokens} / Anthropic {@code input_tokens};
 * {@code completion}: {@code completion_tokens} / {@code output_tokens}), streams included, counted once
 * when the exchange ends ({@link ChatExchange#whenEnded}). An answer without reported usage counts nothing (the
 * gateway asks OpenAI-compatible upstreams for a stream's usage, {@code ForwardedRequestParts#streamUsage}). Runs on every chat route, right
 * after {@code ChatProtocol} created the exchange; other routes pass through. Model values stay bounded
 * in practice because only answers the upstream accepted report usage.
 */
@Component
public class TokenUsageGlobalFilter implements GlobalFilter, Ordered {

    /** The meter name. */
    public static final String NAME = "aigw.tokens";

    private final TaggedMeters<Counter> tokens;

    public TokenUsageGlobalFilter(MeterRegistry registry) {
        this.tokens = TaggedMeters.counters(registry, NAME, "Tokens the upstreams reported, by product, model and kind",
                "product", "model", "kind");
    }

    /** After ChatProtocol (an ordered route filter just before the response writer), before the route's policy filters. */
    @Override
    public int getOrder() {
        return 0;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ChatExchange chat = ChatExchange.of(exchange);
        if (chat == null) {
            return chain.filter(exchange);
        }
        chat.observeUsage();
        chat.whenEnded(() -> record(chat));
        return chain.filter(exchange);
    }

    private void record(ChatExchange chat) {
        TokenCounts usage = chat.facts().usage();
        if (usage == null) {
            return;
        }
        String product = chat.product().id();
        String model = chat.request().model();
        if (usage.inputTokens() != null && usage.inputTokens() > 0) {
            tokens.get(product, model, "prompt").increment(usage.inputTokens());
        }
        if (usage.outputTokens() != null && usage.outputTokens() > 0) {
            tokens.get(product, model, "completion").increment(usage.outputTokens());
        }
    }
}
