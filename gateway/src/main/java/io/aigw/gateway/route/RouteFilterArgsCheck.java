package io.aigw.gateway.route;

import io.aigw.gateway.route.RoutePolicyCheck.MisconfiguredRouteException;
import java.beans.PropertyDescriptor;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.filter.factory.GatewayFilterFactory;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.handler.predicate.RoutePredicateFactory;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.cloud.gateway.support.NameUtils;
import org.springframework.stereotype.Component;

/**
 * Stops the start on a typo in a configured route's filters, with one line naming the route, the filter
 * and the key or value ({@link RoutePolicyFailureAnalyzer}), before Spring Cloud Gateway builds the routes
 * (where the same mistake fails the start with a long stack trace, or, for a misspelled argument name,
 * is silently ignored):
 * <ul>
 *   <li>a filter or predicate name no factory has ({@code - ChatProtocl=openai});</li>
 *   <li>for the gateway's own filters ({@code ChatProtocol}, {@code LicenseCheck}, {@code Quota},
 *       {@code ContentFilter}, {@code Moderation}, {@code AiLabel}): an argument name their
 *       configuration does not have ({@code args: {protocl: openai}}), more shortcut arguments than they
 *       take, or a value they refuse ({@code ChatProtocol=opnai,KEY}, {@code AiLabel=top}): the filter is
 *       configured exactly as the route build will configure it;</li>
 *   <li>for other filters, arguments that do not bind.</li>
 * </ul>
 * Runs once every singleton exists, on the start-up thread, where waiting for the route definitions is fine.
 */
@Component
public class RouteFilterArgsCheck implements SmartInitializingSingleton {

    private static final String OWN_PACKAGE = "io.aigw.";

    private final RouteDefinitionLocator definitions;
    private final Map<String, GatewayFilterFactory<?>> filters;
    private final Set<String> predicates;
    private final ConfigurationService configuration;

    public RouteFilterArgsCheck(RouteDefinitionLocator definitions, List<GatewayFilterFactory<?>> filters,
                                List<RoutePredicateFactory<?>> predicates, ConfigurationService configuration) {
        this.definitions = definitions;
        this.filters = filters.stream().collect(Collectors.toMap(GatewayFilterFactory::name, Function.identity(), (a, b) -> a));
        this.predicates = predicates.stream().map(RoutePredicateFactory::name).collect(Collectors.toSet());
        this.configuration = configuration;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<RouteDefinition> all = definitions.getRouteDefinitions().collectList().block(Duration.ofSeconds(30));
        if (all != null) {
            all.forEach(this::check);
        }
    }

    /** @throws MisconfiguredRouteException naming the route, the filter and what is wrong */
    void check(RouteDefinition route) {
        for (PredicateDefinition predicate : route.getPredicates()) {
            if (!predicates.contains(predicate.getName())) {
                throw new MisconfiguredRouteException(route.getId(), "unknown predicate '" + predicate.getName() + "'"
                        + closest(predicate.getName(), predicates));
            }
        }
        for (FilterDefinition filter : route.getFilters()) {
            GatewayFilterFactory<?> factory = filters.get(filter.getName());
            if (factory == null) {
                throw new MisconfiguredRouteException(route.getId(), "unknown filter '" + filter.getName() + "'"
                        + closest(filter.getName(), filters.keySet()));
            }
            boolean own = factory.getClass().getName().startsWith(OWN_PACKAGE);
            if (own) {
                checkArgumentNames(route.getId(), filter, factory);
            }
            configure(route.getId(), filter, factory, own);
        }
    }

    private static void checkArgumentNames(String routeId, FilterDefinition filter, GatewayFilterFactory<?> factory) {
        List<String> shortcuts = factory.shortcutFieldOrder();
        Set<String> known = new TreeSet<>(shortcuts);
        Object config = factory.newConfig();
        if (config != null) {
            Arrays.stream(BeanUtils.getPropertyDescriptors(config.getClass())).filter(p -> p.getWriteMethod() != null)
                    .map(PropertyDescriptor::getName).forEach(known::add);
        }
        Set<String> relaxed = known.stream().map(RouteFilterArgsCheck::relaxed).collect(Collectors.toSet());
        for (String key : filter.getArgs().keySet()) {
            if (key.startsWith(NameUtils.GENERATED_NAME_PREFIX)) {
                int position = Integer.parseInt(key.substring(NameUtils.GENERATED_NAME_PREFIX.length()));
                if (position >= shortcuts.size()) {
                    throw new MisconfiguredRouteException(routeId, filter.getName() + " takes at most " + shortcuts.size()
                            + " arguments (" + String.join(", ", shortcuts) + "), got " + (position + 1));
                }
            } else if (!relaxed.contains(relaxed(key))) {
                throw new MisconfiguredRouteException(routeId, filter.getName() + " has no argument '" + key + "'"
                        + (known.isEmpty() ? " (it takes none)" : " (expected one of: " + String.join(", ", known) + ")"));
            }
        }
    }

    /** Binds the filter's arguments as the route build will and, for the gateway's own filters, configures it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void configure(String routeId, FilterDefinition filter, GatewayFilterFactory<?> factory, boolean own) {
        try {
            GatewayFilterFactory<Object> typed = (GatewayFilterFactory) factory;
            Object config = configuration.with(typed).name(filter.getName()).properties(filter.getArgs()).bind();
            if (own) {
                typed.apply(config);
            }
        } catch (RuntimeException e) {
            throw new MisconfiguredRouteException(routeId, filter.getName() + ": " + reason(e));
        }
    }

    /** The message of the first failure in the chain that is not the framework's wrapping (binding, bean creation). */
    private static String reason(Throwable failure) {
        String message = failure.toString();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
                if (!t.getClass().getName().startsWith("org.springframework.")) {
                    break;
                }
            }
        }
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static String relaxed(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** A hint naming the known name closest to a misspelled one, when one is close. */
    private static String closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 4) ? " (did you mean " + best + "?)" : "";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
