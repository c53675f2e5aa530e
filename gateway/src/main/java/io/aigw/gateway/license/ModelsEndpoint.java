package io.aigw.gateway.license;

import io.aigw.filters.license.LicenseDecision;
import io.aigw.filters.license.LicensePolicy;
import io.aigw.filters.license.LicensedModels;
import io.aigw.filters.license.Product;
import io.aigw.filters.license.ProductLookup;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Protocol;
import io.aigw.gateway.products.ProductRegistryHolder;
import io.aigw.gateway.route.ProductAuthentication;
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
 * {@code GET /v1/models}, answered by the gateway itself (never by an upstream), in OpenAI's list
 * format: {@code {"object":"list","data":[{"id","object":"model","created","owned_by"}]}}. It lists
 * the models of {@code aigw.license.models} that the global licence policy would serve the calling
 * product now: the licence globs must cover the model (see {@code LicensedModels}) and the licence
 * must be in force, so a suspended or expired product gets an empty list, and monitor mode lists
 * everything. Authentication as for chat ({@code Authorization: Bearer} or {@code x-api-key}; 401 in
 * OpenAI's shape otherwise). With a remote registry that cannot be reached, fail-closed gives 503
 * {@code license_registry_unavailable}. The route filters' per-route modes do not apply here.
 */
@Configuration(proxyBeanMethods = false)
public class ModelsEndpoint {

    /** {@code owned_by} of every listed model: the gateway serves them, whoever runs them upstream. */
    static final String OWNER = "aigw";

    @Bean
    public RouterFunction<ServerResponse> modelsRoute(ProductRegistryHolder products, ProductLicenses licenses,
                                                      LicensePolicies policies, LicenseProperties properties,
                                                      Clock clock) {
        var handler = new Handler(products, licenses, policies.global(), List.copyOf(properties.models()), clock);
        return RouterFunctions.route().GET("/v1/models", handler::list).build();
    }

    private record Handler(ProductRegistryHolder products, ProductLicenses licenses, LicensePolicy policy,
                           List<String> models, Clock clock) {

        Mono<ServerResponse> list(ServerRequest request) {
            ProductAuthentication auth = ProductAuthentication.of(request.headers().asHttpHeaders(), products::findByApiKey);
            Optional<Product> product = auth.authenticated();
            if (product.isEmpty()) {
                return error(ErrorKind.INVALID_API_KEY, auth.failure(), null);
            }
            return licenses.lookup(product.get()).flatMap(this::answer);
        }

        private Mono<ServerResponse> answer(ProductLookup lookup) {
            var now = clock.instant();
            if (lookup instanceof ProductLookup.Unavailable) {
                LicenseDecision decision = policy.decide(lookup, null, now);
                if (!decision.allowed()) {
                    return error(ErrorKind.LICENSE_REGISTRY_UNAVAILABLE, "the licence of product " + lookup.productId()
                            + " cannot be verified right now; try again shortly", decision.reason().code());
                }
            }
            List<String> servable = lookup instanceof ProductLookup.Found found
                    ? LicensedModels.servable(policy, found.product(), models, now)
                    : models.stream().filter(model -> policy.decide(lookup, model, now).allowed()).toList();
            var data = new ArrayList<Map<String, Object>>();
            for (String model : servable) {
                var entry = new LinkedHashMap<String, Object>();
                entry.put("id", model);
                entry.put("object", "model");
                entry.put("created", 0); // unknown to the gateway; OpenAI's SDKs require the field
                entry.put("owned_by", OWNER);
                data.add(entry);
            }
            return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("object", "list", "data", data));
        }

        private static Mono<ServerResponse> error(ErrorKind kind, String message, String code) {
            return ServerResponse.status(kind.status()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Protocol.OPENAI.adapter().errorBody(kind, message, code));
        }
    }
}
