package io.aigw.gateway.quota;

import io.aigw.filters.license.Product;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.TokenCounts;
import io.aigw.filters.quota.ProductQuota;
import io.aigw.filters.quota.QuotaAdmission;
import io.aigw.filters.quota.QuotaBucket;
import io.aigw.filters.quota.QuotaScope;
import io.aigw.filters.quota.RateLimitHeaders;
import io.aigw.filters.quota.StreamSlot;
import io.aigw.gateway.exchange.ChatExchange;
import io.aigw.gateway.exchange.ErrorResponses;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The quota check of a chat route ({@code - Quota}), listed after {@code LicenseCheck}: admits the
 * request against its product's {@code quota} in {@code products.yaml} (and the first model entry
 * matching the model), through the {@link QuotaStore}. Products without a quota pass untouched.
 *
 * <p>Admission before usage is known: a request is admitted while every request bucket holds a whole
 * request and every token bucket is positive; it takes its request then, and its tokens when the exchange
 * ends, from the usage the upstream reported (prompt + completion, streams included), which may put a
 * token bucket into debt that later requests wait out. Nothing is reserved in advance, so tokens can
 * overshoot a limit by what the requests admitted while it was still positive use; an answer without
 * reported usage costs no tokens. A streamed request also takes a place among the concurrent streams of
 * each scope with {@code concurrent-streams}, given back when the exchange ends however it ends.
 *
 * <p>Refused: 429 in the caller's protocol (OpenAI {@code rate_limit_error}/{@code rate_limit_exceeded},
 * Anthropic {@code rate_limit_error}) with {@code Retry-After}, audited with outcome {@code rate_limited}.
 * Every answer of a product with a quota carries its rate-limit headers ({@link RateLimitHeaders}),
 * replacing any the upstream sent (those describe the gateway's own upstream account). A store that fails
 * or does not answer within {@code aigw.quota.redis.timeout} leads to {@code aigw.quota.redis.on-failure}:
 * served unmetered, or 503 {@code quota_unavailable}.
 */
@Component
public class QuotaGatewayFilterFactory extends AbstractGatewayFilterFactory<QuotaGatewayFilterFactory.Config> {

    /** The OpenAI error code of a refusal. */
    public static final String FAILED_CLOSED_CODE = "quota_unavailable";

    private static final Logger log = LoggerFactory.getLogger(QuotaGatewayFilterFactory.class);
    /** At most one store-failure warning per this many milliseconds. */
    private static final long WARN_INTERVAL_MILLIS = 10_000;

    private final QuotaStore store;
    private final QuotaProperties properties;
    private final QuotaMetrics metrics;
    private final Clock clock;
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE / 2);

    public QuotaGatewayFilterFactory(QuotaStore store, QuotaProperties properties, QuotaMetrics metrics, Clock clock) {
        super(Config.class);
        this.store = store;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public GatewayFilter apply(Config config) {
        return new QuotaFilter();
    }

    /** No settings: the limits are per product, in {@code products.yaml}. */
    public static class Config {
    }

    private final class QuotaFilter implements GatewayFilter {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            ChatExchange chat = ChatExchange.of(exchange);
            ProductQuota quota = chat == null ? null : chat.product().quota();
            if (quota == null) {
                return chain.filter(exchange);
            }
            List<QuotaScope> scopes = quota.scopes(chat.product().id(), chat.request().model());
            if (scopes.isEmpty()) {
                return chain.filter(exchange);
            }
            List<QuotaBucket> buckets = ProductQuota.buckets(scopes);
            List<StreamSlot> slots = chat.request().stream() ? slots(scopes, chat.requestId()) : List.of();
            return store.admit(buckets, slots)
                    .map(Optional::of)
                    .onErrorResume(e -> storeFailed("admit", e).then(Mono.just(Optional.<QuotaAdmission>empty())))
                    .flatMap(admission -> admission.isEmpty()
                            ? unmetered(exchange, chain, chat)
                            : admission.get().admitted()
                                    ? admitted(exchange, chain, chat, admission.get(), buckets, slots)
                                    : refused(exchange, chat, admission.get()));
        }

        private Mono<Void> admitted(ServerWebExchange exchange, GatewayFilterChain chain, ChatExchange chat,
                                    QuotaAdmission admission, List<QuotaBucket> buckets, List<StreamSlot> slots) {
            metrics.decision(chat.product().id(), "admitted", null);
            Map<String, String> headers = RateLimitHeaders.of(chat.protocol(), admission, clock.instant());
            // Before commit: after the upstream's headers were copied in, which these replace.
            exchange.getResponse().beforeCommit(() -> {
                HttpHeaders response = exchange.getResponse().getHeaders();
                headers.forEach(response::set);
                return Mono.empty();
            });
            boolean chargesTokens = buckets.stream().anyMatch(b -> b.window().countsTokens());
            if (chargesTokens) {
                chat.observeUsage();
            }
            chat.whenEnded(() -> {
                if (!slots.isEmpty()) {
                    background("release", store.release(slots));
                }
                long tokens = tokens(chat.facts().usage());
                if (chargesTokens && tokens > 0) {
                    background("charge", store.charge(buckets, tokens));
                }
            });
            return chain.filter(exchange);
        }

        private Mono<Void> refused(ServerWebExchange exchange, ChatExchange chat, QuotaAdmission admission) {
            Product product = chat.product();
            metrics.decision(product.id(), "denied", admission.deniedBy());
            RateLimitHeaders.of(chat.protocol(), admission, clock.instant())
                    .forEach(exchange.getResponse().getHeaders()::set);
            return ErrorResponses.write(exchange, chat.protocol(), new ProtocolException(ErrorKind.RATE_LIMITED,
                    "product " + product.id() + " is over its " + admission.deniedBy() + " quota; retry after "
                            + exchange.getResponse().getHeaders().getFirst(RateLimitHeaders.RETRY_AFTER) + " s"));
        }

        private Mono<Void> unmetered(ServerWebExchange exchange, GatewayFilterChain chain, ChatExchange chat) {
            if (properties.redis().onFailure() == QuotaProperties.OnFailure.OPEN) {
                metrics.decision(chat.product().id(), "failed_open", null);
                return chain.filter(exchange);
            }
            metrics.decision(chat.product().id(), "failed_closed", null);
            exchange.getResponse().getHeaders().set(RateLimitHeaders.RETRY_AFTER, "1");
            return ErrorResponses.write(exchange, chat.protocol(), new ProtocolException(ErrorKind.UPSTREAM_OVERLOADED,
                    "the gateway cannot check this product's quota right now; try again shortly", FAILED_CLOSED_CODE));
        }
    }

    private List<StreamSlot> slots(List<QuotaScope> scopes, String requestId) {
        List<StreamSlot> slots = new ArrayList<>(1);
        for (QuotaScope scope : scopes) {
            Integer limit = scope.limits().concurrentStreams();
            if (limit != null) {
                slots.add(new StreamSlot(scope.key() + ":streams", limit, requestId, properties.streamLease().toMillis()));
            }
        }
        return slots;
    }

    private static long tokens(TokenCounts usage) {
        if (usage == null) {
            return 0;
        }
        return (usage.inputTokens() == null ? 0 : usage.inputTokens()) + (usage.outputTokens() == null ? 0 : usage.outputTokens());
    }

    /** Runs a store update the exchange does not wait for; a failure is counted and (rate-limited) logged. */
    private void background(String operation, Mono<Void> update) {
        update.onErrorResume(e -> storeFailed(operation, e)).subscribe();
    }

    private Mono<Void> storeFailed(String operation, Throwable e) {
        metrics.storeFailure(operation);
        long now = System.nanoTime() / 1_000_000;
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_MILLIS && lastWarning.compareAndSet(last, now)) {
            log.warn("Quota store ({}) failed to {} ({}); requests are {} while it fails (aigw.quota.redis.on-failure)",
                    store.kind(), operation, e.toString(),
                    properties.redis().onFailure() == QuotaProperties.OnFailure.OPEN ? "served unmetered" : "refused with 503");
        }
        return Mono.empty();
    }
}
