package io.aigw.gateway.upstream;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * One alternative upstream of a route, tried in order when the route's own upstream fails before its
 * answer started. It speaks the route's protocol; the request goes to {@code uri}'s path plus the
 * protocol's endpoint, with the key read from {@code api-key-env} and the body's model replaced by
 * {@code model}. Immutable.
 *
 * @param name how the audit and the {@code X-Upstream} header name it (default {@code <route id>-fallback-<n>})
 * @param uri base URI of the upstream, absolute http(s)
 * @param apiKey the upstream key (read from the environment when the route is resolved), or null for none
 * @param model the model to ask there, never blank
 */
public record UpstreamFallback(String name, URI uri, String apiKey, String model) {

    /** Route metadata key of the fallback list. */
    public static final String FALLBACKS = "fallbacks";

    public UpstreamFallback {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("fallback " + name + ": model must be given");
        }
    }

    /** The breaker of this fallback: {@code upstream-<name>}. */
    public String breakerName() {
        return "upstream-" + name;
    }

    /**
     * The fallbacks of route {@code routeId} from its {@code fallbacks} metadata: a list (or, as Spring
     * binds YAML lists inside maps, a map keyed 0, 1, ...) of maps with {@code uri}, {@code model},
     * optional {@code api-key-env} and optional {@code name}.
     *
     * @param environment reads an environment variable (null when unset)
     * @throws IllegalArgumentException naming the route, the entry and the value when an entry is invalid
     */
    public static List<UpstreamFallback> parse(String routeId, Object value, UnaryOperator<String> environment) {
        if (value == null) {
            return List.of();
        }
        Collection<?> entries;
        if (value instanceof Collection<?> list) {
            entries = list;
        } else if (value instanceof Map<?, ?> indexed) {
            TreeMap<Integer, Object> byIndex = new TreeMap<>();
            indexed.forEach((k, v) -> byIndex.put(index(routeId, k), v));
            entries = byIndex.values();
        } else {
            throw new IllegalArgumentException("route '" + routeId + "' metadata: " + FALLBACKS + " must be a list, got '" + value + "'");
        }
        List<UpstreamFallback> fallbacks = new ArrayList<>();
        int n = 0;
        for (Object entry : entries) {
            n++;
            if (!(entry instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("route '" + routeId + "' metadata: " + FALLBACKS + " entry " + n
                        + " must be a map with uri and model, got '" + entry + "'");
            }
            fallbacks.add(entry(routeId, n, map, environment));
        }
        return List.copyOf(fallbacks);
    }

    private static UpstreamFallback entry(String routeId, int n, Map<?, ?> map, UnaryOperator<String> environment) {
        String where = "route '" + routeId + "' metadata: " + FALLBACKS + " entry " + n + ": ";
        Object name = map.get("name");
        Object uri = map.get("uri");
        Object keyEnv = map.get("api-key-env");
        Object model = map.get("model");
        URI parsed;
        try {
            parsed = uri == null ? null : URI.create(uri.toString().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "uri '" + uri + "' is not a URI", e);
        }
        if (parsed == null || parsed.getHost() == null
                || !("http".equalsIgnoreCase(parsed.getScheme()) || "https".equalsIgnoreCase(parsed.getScheme()))) {
            throw new IllegalArgumentException(where + "uri must be an absolute http(s) URI, got '" + uri + "'");
        }
        String key = null;
        if (keyEnv != null) {
            if (!keyEnv.toString().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException(where + "api-key-env must name an environment variable, got '" + keyEnv + "'");
            }
            key = environment.apply(keyEnv.toString());
            key = key == null || key.isBlank() ? null : key;
        }
        if (model == null || model.toString().isBlank()) {
            throw new IllegalArgumentException(where + "model must be given");
        }
        return new UpstreamFallback(name == null ? routeId + "-fallback-" + n : name.toString().strip(), parsed, key,
                model.toString().strip());
    }

    private static int index(String routeId, Object key) {
        try {
            return Integer.parseInt(key.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("route '" + routeId + "' metadata: " + FALLBACKS + " must be a list, got key '" + key + "'", e);
        }
    }

    @Override
    public String toString() {
        return "UpstreamFallback[" + name + ", " + uri + ", model=" + model + ", key=" + (apiKey == null ? "none" : "set") + "]";
    }
}
