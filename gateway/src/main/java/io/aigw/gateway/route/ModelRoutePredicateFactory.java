package io.aigw.gateway.route;

import io.aigw.filters.model.ModelGlob;
import io.aigw.filters.protocol.RequestModel;
import io.aigw.gateway.config.AigwProperties;
import io.aigw.gateway.exchange.UnservedModel;
import io.aigw.gateway.products.ProductAuthentication;
import io.aigw.gateway.products.ProductRegistryHolder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.cloud.gateway.handler.predicate.AbstractRoutePredicateFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Route predicate {@code - Model=deepseek-*,qwen-*}: the route takes a request whose body names a model
 * matching one of the globs ({@code *} any run of characters, {@code ?} one; see {@link ModelGlob}).
 * Several routes on one path with different {@code Model} predicates are tried in their order, like any
 * Spring Cloud Gateway routes; when none takes the request, it is answered 404 {@code model_not_found}
 * in the caller's protocol (see {@link UnservedModel}). List {@code Path} and {@code Method} first: the
 * predicates of a route are tried in order, and only a request they let through has its body read.
 *
 * <p>The body is read once for the whole exchange ({@link RequestBodyCache}), within
 * {@code aigw.limits.max-request-bytes}; the route's protocol filter decodes the same bytes. A request
 * that the protocol filter refuses anyway is not judged by its model: without a valid product key, with
 * a {@code Content-Type} that is not JSON, with a {@code Content-Length} over the cap, or whose body
 * cannot be read or names no string model, it is taken by the first {@code Model} route on its path so
 * that the refusal (401, 415, 413, 408, 400) comes from that route, in its protocol. An unauthenticated
 * caller's body is never read, and cannot learn which models are served.
 */
@Component
public class ModelRoutePredicateFactory extends AbstractRoutePredicateFactory<ModelRoutePredicateFactory.Config> {

    private final ProductRegistryHolder products;
    private final AigwProperties properties;

    public ModelRoutePredicateFactory(ProductRegistryHolder products, AigwProperties properties) {
        super(Config.class);
        this.products = products;
        this.properties = properties;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("patterns");
    }

    @Override
    public ShortcutType shortcutType() {
        return ShortcutType.GATHER_LIST;
    }

    @Override
    public AsyncPredicate<ServerWebExchange> applyAsync(Config config) {
        List<String> patterns = config.validated();
        return new AsyncPredicate<>() {
            @Override
            public Mono<Boolean> apply(ServerWebExchange exchange) {
                return test(exchange, patterns);
            }

            @Override
            public Object getConfig() {
                return config;
            }

            @Override
            public String toString() {
                return "Model: " + patterns;
            }
        };
    }

    @Override
    public Predicate<ServerWebExchange> apply(Config config) {
        throw new UnsupportedOperationException("Model is an asynchronous predicate (it reads the request body)");
    }

    private Mono<Boolean> test(ServerWebExchange exchange, List<String> patterns) {
        long max = properties.limits().maxRequestBytes().toBytes();
        if (!RequestBodyCache.isRead(exchange) && refusedBeforeReading(exchange.getRequest(), max)) {
            return Mono.just(true);
        }
        return RequestBodyCache.read(exchange, max)
                .map(body -> {
                    Optional<String> model = RequestModel.of(body);
                    if (model.isEmpty()) {
                        return true;
                    }
                    boolean served = serves(patterns, model.get());
                    if (!served) {
                        UnservedModel.record(exchange, model.get());
                    }
                    return served;
                })
                // The protocol filter answers the read's failure: it gets the same failure from the cache.
                .onErrorReturn(true);
    }

    /** Whether the route's protocol filter refuses {@code request} on its headers alone. */
    private boolean refusedBeforeReading(ServerHttpRequest request, long max) {
        return ProductAuthentication.of(request.getHeaders(), products::findByApiKey).authenticated().isEmpty()
                || RequestContentType.refusal(request.getHeaders()).isPresent()
                || request.getHeaders().getContentLength() > max;
    }

    /** Whether one of {@code patterns} matches {@code model}. */
    public static boolean serves(List<String> patterns, String model) {
        for (String pattern : patterns) {
            if (ModelGlob.matches(pattern, model)) {
                return true;
            }
        }
        return false;
    }

    /** The model globs of one route. */
    public static class Config {
        private List<String> patterns = new ArrayList<>();

        public List<String> getPatterns() {
            return patterns;
        }

        public void setPatterns(List<String> patterns) {
            this.patterns = patterns;
        }

        List<String> validated() {
            List<String> globs = patterns == null ? List.of() : patterns.stream().map(String::strip).toList();
            if (globs.isEmpty() || globs.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("Model needs one or more model globs, e.g. Model=deepseek-*,qwen-*; got " + patterns);
            }
            return globs;
        }

        @Override
        public String toString() {
            return "Model" + patterns;
        }
    }
}
