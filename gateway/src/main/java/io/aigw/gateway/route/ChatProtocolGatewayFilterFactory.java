package io.aigw.gateway.route;

import io.aigw.filters.audit.ExchangeContext;
import io.aigw.filters.license.Product;
import io.aigw.filters.protocol.adapters.EndpointRequests;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import io.aigw.gateway.products.ProductAuthentication;
import io.aigw.gateway.upstream.UpstreamProtocol;
import io.aigw.gateway.upstream.UpstreamRequests;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.aigw.filters.protocol.ApiEndpoint;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.RequestLimits;
import io.aigw.filters.protocol.bridge.ProtocolBridge;
import io.aigw.filters.protocol.openai.OpenAiStreamUsage;
import io.aigw.gateway.config.AigwProperties;
import io.aigw.gateway.exchange.ChatExchange;
import io.aigw.gateway.exchange.ErrorResponses;
import io.aigw.gateway.exchange.ExchangeAudit;
import io.aigw.gateway.exchange.RequestIdWebFilter;
import io.aigw.gateway.metrics.ChatRequestTimer;
import io.aigw.gateway.products.ProductRegistryHolder;
import io.aigw.gateway.upstream.CircuitBreakerRetryAfter;
import io.aigw.gateway.upstream.UpstreamCallPlan;
import io.aigw.gateway.upstream.UpstreamCallPlans;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.env.Environment;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * The protocol filter every chat route starts with ({@code - ChatProtocol=openai,OPENAI_API_KEY}):
 * identifies the product by its key (401 otherwise), requires a JSON {@code Content-Type} (415 otherwise,
 * see {@link RequestContentType}), reads the body once within {@code aigw.limits.max-request-bytes} (413
 * otherwise; the bytes a {@code Model} route predicate read already, see {@link RequestBodyCache}), decodes
 * it as its endpoint's request ({@link ApiEndpoint}: chat by default, embeddings, count_tokens) with the
 * protocol's strict codec within the count caps of {@code aigw.limits}
 * (400 for bad input: duplicate keys, a byte order mark, numbers out of range, too many messages or parts), swaps the client's credentials for the upstream's key read from the named environment
 * variable, points the request at the upstream's endpoint (the path the protocol adapter's
 * {@link io.aigw.filters.protocol.UpstreamWire} gives on the route URI's path), and installs the one response decorator
 * that runs the answer through the policy stages. Upstream failures before the answer starts are
 * answered as 502/504 in the caller's protocol, and as 503 with {@code Retry-After} while the route's
 * circuit breaker is open (the breaker, retries and the total deadline are applied per upstream call by
 * {@link io.aigw.gateway.upstream.UpstreamCallGlobalFilter}, from the {@link UpstreamCallPlan} started here).
 * Every decoded exchange is admitted by the {@link ExchangeAudit} first (503 when it cannot take the
 * exchange's audit line) and reported to it once when it ends, however it ends; a request that ends
 * before it was decoded (401, 413, 400, or the client gone while its body was read) is reported once
 * as refused. A client that goes away cancels the whole chain, the upstream call included.
 */
@Component
public class ChatProtocolGatewayFilterFactory extends AbstractGatewayFilterFactory<ChatProtocolGatewayFilterFactory.Config> {

    /** Exchange attribute: the error a request was refused with before it was decoded, for its audit line. */
    private static final String REFUSAL = ChatProtocolGatewayFilterFactory.class.getName() + ".refusal";

    private final ProductRegistryHolder products;
    private final AigwProperties properties;
    private final Environment environment;
    private final UpstreamCallPlans upstreamCalls;
    private final CircuitBreakerRetryAfter retryAfter;
    private final ExchangeAudit audit;
    private final ChatRequestTimer requestTimer;

    public ChatProtocolGatewayFilterFactory(ProductRegistryHolder products, AigwProperties properties, Environment environment,
                                            UpstreamCallPlans upstreamCalls, CircuitBreakerRetryAfter retryAfter,
                                            ObjectProvider<ExchangeAudit> audit, ChatRequestTimer requestTimer) {
        super(Config.class);
        // Builds the request codecs now, on the start-up thread: drawing their hash seed blocks.
        Protocol.OPENAI.requestCodec();
        this.requestTimer = requestTimer;
        this.audit = audit.getIfAvailable(() -> ExchangeAudit.NONE);
        this.products = products;
        this.properties = properties;
        this.environment = environment;
        this.upstreamCalls = upstreamCalls;
        this.retryAfter = retryAfter;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("protocol", "apiKeyEnv", "target");
    }

    @Override
    public GatewayFilter apply(Config config) {
        config.validate();
        Protocol protocol = Protocol.fromName(config.getProtocol());
        String apiKeyEnv = config.getApiKeyEnv();
        ProtocolBridge bridge = ProtocolBridge.of(protocol,
                config.getUpstreamProtocol() == null ? protocol : Protocol.fromName(config.getUpstreamProtocol()));
        // Must run before NettyWriteResponseFilter: it writes to the response of the exchange it is given.
        return new OrderedGatewayFilter(new ChatProtocolFilter(bridge, apiKeyEnv, config.endpoint()),
                NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1);
    }

    /**
     * Route settings: the protocol the clients speak, the name of the environment variable holding the
     * upstream key, the endpoint ({@code chat} when not given; {@code embeddings} for OpenAI,
     * {@code count-tokens} for Anthropic) and the protocol the upstream speaks when it is another one
     * (unset: the same). The shortcut's third argument is either of the last two ({@link #setTarget}).
     */
    public static class Config {
        private String protocol;
        private String apiKeyEnv;
        private String upstreamProtocol;
        private String endpoint;

        public String getUpstreamProtocol() {
            return upstreamProtocol;
        }

        public void setUpstreamProtocol(String upstreamProtocol) {
            this.upstreamProtocol = upstreamProtocol;
        }

        public String getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        /** The shortcut's third argument, as given: the endpoint or the upstream's protocol. */
        public String getTarget() {
            return upstreamProtocol != null ? upstreamProtocol : endpoint;
        }

        /**
         * The shortcut's third argument: a protocol name ({@code openai}, {@code anthropic}) sets the
         * upstream's protocol, anything else the endpoint ({@link ApiEndpoint}); the two sets of names do
         * not overlap. So {@code ChatProtocol=anthropic,KEY,openai} and {@code ChatProtocol=openai,KEY,embeddings}.
         */
        public void setTarget(String target) {
            if (target != null && Arrays.stream(Protocol.values()).anyMatch(p -> p.name().equalsIgnoreCase(target.strip()))) {
                this.upstreamProtocol = target;
            } else {
                this.endpoint = target;
            }
        }

        ApiEndpoint endpoint() {
            return endpoint == null || endpoint.isBlank() ? ApiEndpoint.CHAT : ApiEndpoint.fromName(endpoint);
        }

        public String getProtocol() {
            return protocol;
        }

        public void setProtocol(String protocol) {
            this.protocol = protocol;
        }

        public String getApiKeyEnv() {
            return apiKeyEnv;
        }

        public void setApiKeyEnv(String apiKeyEnv) {
            this.apiKeyEnv = apiKeyEnv;
        }

        void validate() {
            ProtocolAdapters.of(Protocol.fromName(protocol)).wire().path(endpoint());
            if (upstreamProtocol != null) {
                Protocol upstream = Protocol.fromName(upstreamProtocol);
                if (upstream != Protocol.fromName(protocol) && endpoint() != ApiEndpoint.CHAT) {
                    throw new IllegalArgumentException("only chat is translated between protocols, not " + endpoint());
                }
            }
            if (apiKeyEnv != null && !apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("apiKeyEnv must name an environment variable, got '" + apiKeyEnv + "'");
            }
        }

        @Override
        public String toString() {
            return "ChatProtocol[protocol=" + protocol + ", apiKeyEnv=" + apiKeyEnv + ", endpoint=" + endpoint()
                    + (upstreamProtocol == null ? "" : ", upstreamProtocol=" + upstreamProtocol) + "]";
        }
    }

    private final class ChatProtocolFilter implements GatewayFilter {
        private final Protocol protocol;
        /** The client's protocol and the upstream's: the upstream is addressed in its own. */
        private final ProtocolBridge bridge;
        /** The upstream key, read once from the environment when the route is built; null when unset. */
        private final String upstreamKey;
        private final RequestLimits requestLimits;
        private final ApiEndpoint endpoint;

        ChatProtocolFilter(ProtocolBridge bridge, String apiKeyEnv, ApiEndpoint endpoint) {
            this.protocol = bridge.client();
            this.bridge = bridge;
            this.endpoint = endpoint;
            this.requestLimits = properties.limits().requestLimits();
            String key = apiKeyEnv == null ? null : environment.getProperty(apiKeyEnv);
            this.upstreamKey = key == null || key.isBlank() ? null : key;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, org.springframework.cloud.gateway.filter.GatewayFilterChain chain) {
            long start = System.nanoTime();
            return handle(exchange, chain).doFinally(signal -> requestTimer.record(exchange, signal, start));
        }

        private Mono<Void> handle(ServerWebExchange exchange, org.springframework.cloud.gateway.filter.GatewayFilterChain chain) {
            ServerHttpRequest request = exchange.getRequest();
            ProductAuthentication auth = ProductAuthentication.of(request.getHeaders(), products::findByApiKey);
            Optional<Product> product = auth.authenticated();
            if (product.isEmpty()) {
                ProtocolException unauthenticated = new ProtocolException(ErrorKind.INVALID_API_KEY, auth.failure());
                audit.refused(exchange, protocol, null, unauthenticated);
                return ErrorResponses.write(exchange, protocol, unauthenticated);
            }
            Optional<ProtocolException> notJson = RequestContentType.refusal(request.getHeaders());
            if (notJson.isPresent()) {
                audit.refused(exchange, protocol, product.get(), notJson.get());
                return ErrorResponses.write(exchange, protocol, notJson.get());
            }
            long max = properties.limits().maxRequestBytes().toBytes();
            if (request.getHeaders().getContentLength() > max) {
                audit.refused(exchange, protocol, product.get(), tooLarge(max));
                return ErrorResponses.write(exchange, protocol, tooLarge(max));
            }
            return RequestBodyCache.read(exchange, max)
                    .map(body -> decode(exchange, product.get(), body))
                    .flatMap(chat -> {
                        Optional<ProtocolException> refused = audit.admit(exchange, chat);
                        if (refused.isPresent()) {
                            return ErrorResponses.write(exchange, protocol, refused.get());
                        }
                        chat.auditCommit(() -> audit.commit(exchange, chat));
                        UpstreamCallPlan plan = upstreamCalls.start(exchange);
                        PipelineResponseDecorator response = new PipelineResponseDecorator(exchange.getResponse(), chat, properties, plan, bridge);
                        ServerWebExchange routed = exchange.mutate()
                                .request(upstreamRequest(exchange))
                                .response(response)
                                .build();
                        return chain.filter(routed).or(response.endedAfterUpstreamFailure());
                    })
                    .onErrorResume(DataBufferLimitException.class, e -> answer(exchange, tooLarge(max)))
                    .onErrorResume(CallNotPermittedException.class, e -> {
                        if (!exchange.getResponse().isCommitted()) {
                            retryAfter.apply(exchange.getResponse().getHeaders(), e);
                        }
                        return answer(exchange,
                                new ProtocolException(ErrorKind.UPSTREAM_OVERLOADED, "the upstream is failing; try again shortly"));
                    })
                    .onErrorResume(e -> answer(exchange, UpstreamFailures.classify(e)))
                    // Here, not inside: the error answers above are part of the exchange, and this Mono
                    // completes only once the whole answer was written (or the client went away).
                    .doFinally(signal -> {
                        ChatExchange chat = ChatExchange.of(exchange);
                        if (chat != null) {
                            audit.finish(exchange, chat, signal);
                            chat.ended();
                            return;
                        }
                        ProtocolException refusal = exchange.getAttribute(REFUSAL);
                        if (refusal == null && signal != SignalType.CANCEL) {
                            refusal = new ProtocolException(ErrorKind.INTERNAL, "the request ended before it was read");
                        }
                        audit.refused(exchange, protocol, product.get(), refusal);
                    });
        }

        /** Answers {@code error}; before the request was decoded, it is also what the audit line records. */
        private Mono<Void> answer(ServerWebExchange exchange, ProtocolException error) {
            if (ChatExchange.of(exchange) == null) {
                exchange.getAttributes().put(REFUSAL, error);
            }
            return ErrorResponses.write(exchange, protocol, error);
        }

        private ChatExchange decode(ServerWebExchange exchange, Product product, byte[] body) {
            ChatRequest chatRequest = EndpointRequests.decode(endpoint, protocol, body, requestLimits);
            // A request the upstream's protocol cannot express is refused now (400), before it is admitted.
            bridge.upstreamBody(chatRequest.raw());
            UpstreamProtocol.set(exchange, bridge);
            Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            ExchangeContext context = new ExchangeContext(RequestIdWebFilter.of(exchange), product,
                    route == null ? null : route.getId(), protocol, endpoint, chatRequest.model(), chatRequest.stream());
            ChatExchange chat = new ChatExchange(context, chatRequest);
            if (protocol == Protocol.OPENAI && endpoint == ApiEndpoint.CHAT && chatRequest.stream()
                    && !OpenAiStreamUsage.asked(chatRequest.raw())) {
                chat.addResponseStage(UnaskedUsageChunks::new); // the first stage: before any policy's
            }
            exchange.getAttributes().put(ChatExchange.ATTRIBUTE, chat);
            return chat;
        }

        private ServerHttpRequest upstreamRequest(ServerWebExchange exchange) {
            Protocol protocol = bridge.upstream();
            Route route = exchange.getRequiredAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            return exchange.getRequest().mutate()
                    .path(UpstreamRequests.url(route.getUri(), protocol, ProtocolAdapters.of(protocol).wire().path(endpoint)).getRawPath())
                    .headers(headers -> {
                        // The pipeline parses the answer: ask for it uncompressed.
                        headers.remove(HttpHeaders.ACCEPT_ENCODING);
                        UpstreamRequests.authorize(headers, protocol, upstreamKey);
                    })
                    .build();
        }
    }

    private static ProtocolException tooLarge(long max) {
        return new ProtocolException(ErrorKind.REQUEST_TOO_LARGE, "request body exceeds " + max + " bytes");
    }
}
