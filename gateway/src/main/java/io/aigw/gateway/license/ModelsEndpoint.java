package io.aigw.gateway.license;

import io.aigw.filters.license.LicenseDecision;
import io.aigw.filters.license.LicensePolicy;
import io.aigw.filters.license.LicensedModels;
import io.aigw.filters.license.Product;
import io.aigw.filters.license.ProductLookup;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import io.aigw.gateway.products.ProductRegistryHolder;
import io.aigw.gateway.products.ProductAuthentication;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}, answered by the gateway itself (never by an
 * upstream), in OpenAI's format: {@code {"object":"list","data":[{"id","object":"model","created","owned_by"}]}},
 * and one such model object (404 {@code model_not_found} for a model not listed). A caller that sends
 * {@code anthropic-version}, as Anthropic's SDKs do, gets Anthropic's format: {@code {"data":[{"type":"model","id","display_name","created_at"}],"has_more":false,"first_id","last_id"}},
 * one such model object, and errors in Anthropic's shape. It lists the models the
 * routes serve ({@link ServedModels}: {@code aigw.license.models}, the routes' metadata {@code models} and
 * literal {@code Model} patterns, kept when a route takes them) that the global license policy would serve
 * the calling product now: the license globs must cover the model (see {@code LicensedModels}) and the license
 * must be in force, so a suspended or expired product gets an empty list, and monitor mode lists
 * everything. Authentication as for chat ({@code Authorization: Bearer} or {@code x-api-key}; 401 in
 * OpenAI's shape otherwise). With a remote registry that cannot be reached, fail-closed gives 503
 * {@code license_registry_unavailable}. The route filters' per-route modes do not apply here.
 */
@Configuration(proxyBeanMethods = false)
public class ModelsEndpoint {

    /** {@code owned_by} of every listed model: the gateway serves them, whoever runs them upstream. */
    static final String OWNER = "aigw";
    /** {@code created_at} of every model listed to an Anthropic caller: the release date is unknown to the gateway. */
    static final String CREATED_AT = "1970-01-01T00:00:00Z";

    @Bean
    public RouterFunction<ServerResponse> modelsRoute(ProductRegistryHolder products, ProductLicenses licenses,
                                                      LicensePolicies policies, LicenseProperties properties,
                                                      ServedModels served, Clock clock) {
        var handler = new Handler(products, licenses, policies.global(), List.copyOf(properties.models()), served, clock);
        return RouterFunctions.route()
                .GET("/v1/models", request -> handler.list(request, null))
                .GET("/v1/models/{*id}", request -> handler.list(request, request.pathVariable("id").substring(1)))
                .build();
    }

    private record Handler(ProductRegistryHolder products, ProductLicenses licenses, LicensePolicy policy,
                           List<String> configured, ServedModels served, Clock clock) {

        /** The list, or the one model {@code id} when not null. */
        Mono<ServerResponse> list(ServerRequest request, String id) {
            var headers = request.headers().asHttpHeaders();
            // Anthropic's SDKs send anthropic-version with every request (their key goes in x-api-key or, for
            // models in anthropic-java 3.x, as a bearer token); OpenAI's never do.
            Protocol protocol = headers.containsHeader("anthropic-version") ? Protocol.ANTHROPIC : Protocol.OPENAI;
            ProductAuthentication auth = ProductAuthentication.of(headers, products::findByApiKey);
            Optional<Product> product = auth.authenticated();
            if (product.isEmpty()) {
                return error(protocol, ErrorKind.INVALID_API_KEY, auth.failure(), null);
            }
            return licenses.lookup(product.get())
                    .zipWith(served.list(configured))
                    .flatMap(found -> answer(protocol, found.getT1(), found.getT2(), id));
        }

        private Mono<ServerResponse> answer(Protocol protocol, ProductLookup lookup, List<String> models, String id) {
            var now = clock.instant();
            if (lookup instanceof ProductLookup.Unavailable) {
                LicenseDecision decision = policy.decide(lookup, null, now);
                if (!decision.allowed()) {
                    return error(protocol, ErrorKind.LICENSE_REGISTRY_UNAVAILABLE, "the license of product " + lookup.productId()
                            + " cannot be verified right now; try again shortly", decision.reason().code());
                }
            }
            List<String> servable = lookup instanceof ProductLookup.Found found
                    ? LicensedModels.servable(policy, found.product(), models, now)
                    : models.stream().filter(model -> policy.decide(lookup, model, now).allowed()).toList();
            if (id != null) {
                return servable.contains(id)
                        ? ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(entry(protocol, id))
                        : error(protocol, ErrorKind.MODEL_NOT_FOUND, "The model '" + (id.length() > 200 ? id.substring(0, 200) + "..." : id)
                                + "' does not exist or you do not have access to it", null);
            }
            var data = new ArrayList<Map<String, Object>>();
            for (String model : servable) {
                data.add(entry(protocol, model));
            }
            if (protocol == Protocol.ANTHROPIC) {
                var page = new LinkedHashMap<String, Object>();
                page.put("data", data);
                page.put("has_more", false);
                page.put("first_id", servable.isEmpty() ? null : servable.get(0));
                page.put("last_id", servable.isEmpty() ? null : servable.get(servable.size() - 1));
                return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(page);
            }
            return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("object", "list", "data", data));
        }

        private static Map<String, Object> entry(Protocol protocol, String model) {
            var entry = new LinkedHashMap<String, Object>();
            if (protocol == Protocol.ANTHROPIC) {
                entry.put("type", "model");
                entry.put("id", model);
                entry.put("display_name", model);
                entry.put("created_at", CREATED_AT); // unknown to the gateway; Anthropic's SDKs require the field
                return entry;
            }
            return openAiEntry(model);
        }

        private static Map<String, Object> openAiEntry(String model) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("id", model);
            entry.put("object", "model");
            entry.put("created", 0); // unknown to the gateway; OpenAI's SDKs require the field
            entry.put("owned_by", OWNER);
            return entry;
        }

        private static Mono<ServerResponse> error(Protocol protocol, ErrorKind kind, String message, String code) {
            return ServerResponse.status(kind.status()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(ProtocolAdapters.of(protocol).errorBody(kind, message, code));
        }
    }
}
