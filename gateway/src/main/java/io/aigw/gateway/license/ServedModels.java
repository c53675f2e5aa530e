package io.aigw.gateway.license;

import io.aigw.filters.model.ModelGlob;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The models the configured routes serve, for {@code GET /v1/models}. The candidates are the models an
 * operator names: {@code aigw.license.models}, each route's metadata {@code models} (a list), and each
 * literal (glob-free) pattern of a {@code Model} predicate. A candidate is served when a route with a
 * {@code ChatProtocol} filter takes it: a route without a {@code Model} predicate takes every model, one
 * with it the models its globs match. Read from the route definitions on every call, so a route refresh
 * shows at once; routes built in code (without definitions) are not seen.
 */
@Component
public class ServedModels {

    /** Route metadata key: the concrete models a route serves, listed by {@code GET /v1/models}. */
    public static final String MODELS_METADATA = "models";
    private static final String MODEL_PREDICATE = "Model";
    private static final String CHAT_FILTER = "ChatProtocol";

    private final RouteDefinitionLocator routes;

    public ServedModels(RouteDefinitionLocator routes) {
        this.routes = routes;
    }

    /** The served models of {@code configured} and the routes' own lists, in that order, without repeats. */
    public Mono<List<String>> list(List<String> configured) {
        return routes.getRouteDefinitions()
                .filter(ServedModels::isChatRoute)
                .collectList()
                .map(chatRoutes -> {
                    Set<String> candidates = new LinkedHashSet<>(configured);
                    List<List<String>> globs = new ArrayList<>();
                    boolean anyModel = false;
                    for (RouteDefinition route : chatRoutes) {
                        candidates.addAll(metadataModels(route));
                        List<String> patterns = modelPatterns(route);
                        if (patterns == null) {
                            anyModel = true;
                        } else {
                            globs.add(patterns);
                            patterns.stream().filter(p -> p.indexOf('*') < 0 && p.indexOf('?') < 0).forEach(candidates::add);
                        }
                    }
                    boolean all = anyModel;
                    return candidates.stream()
                            .filter(model -> all || globs.stream().anyMatch(g -> g.stream().anyMatch(glob -> ModelGlob.matches(glob, model))))
                            .toList();
                });
    }

    private static boolean isChatRoute(RouteDefinition route) {
        for (FilterDefinition filter : route.getFilters()) {
            if (CHAT_FILTER.equals(filter.getName())) {
                return true;
            }
        }
        return false;
    }

    /** The globs of the route's {@code Model} predicate, or null when it has none. */
    private static List<String> modelPatterns(RouteDefinition route) {
        for (PredicateDefinition predicate : route.getPredicates()) {
            if (MODEL_PREDICATE.equals(predicate.getName())) {
                return new TreeMap<>(predicate.getArgs()).values().stream()
                        .flatMap(value -> List.of(value.split(",")).stream())
                        .map(String::strip)
                        .filter(value -> !value.isEmpty())
                        .toList();
            }
        }
        return null;
    }

    private static List<String> metadataModels(RouteDefinition route) {
        Object value = route.getMetadata().get(MODELS_METADATA);
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).map(String::strip).toList();
        }
        if (value instanceof Map<?, ?> indexed) { // a YAML list bound into the metadata map: {"0": a, "1": b}
            return new TreeMap<>(indexed).values().stream().map(String::valueOf).map(String::strip).toList();
        }
        if (value instanceof String text && !text.isBlank()) {
            return List.of(text.split(",")).stream().map(String::strip).toList();
        }
        return List.of();
    }
}
