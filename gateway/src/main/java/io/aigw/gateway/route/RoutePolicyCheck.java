package io.aigw.gateway.route;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Stops the start when a configured route's policy filters cannot work as written, naming the route:
 * a policy filter ({@code LicenseCheck}, {@code Quota}, {@code ContentFilter}, {@code Moderation},
 * {@code AiLabel}) on a route without {@code ChatProtocol} (it would find no chat exchange and let every
 * request through unchecked), or {@code AiLabel} before another policy filter (the label goes on what the
 * other policies let through, so it comes last). Routes written in YAML or properties are checked; routes
 * built in Java are their author's responsibility. The failure is reported in one line
 * ({@link RoutePolicyFailureAnalyzer}).
 */
@Component
public class RoutePolicyCheck {

    static final String CHAT_PROTOCOL = "ChatProtocol";
    static final String AI_LABEL = "AiLabel";
    static final Set<String> POLICIES = Set.of("LicenseCheck", "Quota", "ContentFilter", "Moderation", AI_LABEL);

    private final RouteDefinitionLocator definitions;

    public RoutePolicyCheck(RouteDefinitionLocator definitions) {
        this.definitions = definitions;
    }

    /** Runs on the start-up thread, where waiting for the route list is fine. */
    @EventListener(ApplicationReadyEvent.class)
    public void checkRoutes() {
        List<RouteDefinition> all = definitions.getRouteDefinitions().collectList().block(Duration.ofSeconds(30));
        if (all != null) {
            all.forEach(RoutePolicyCheck::check);
        }
    }

    /** @throws MisconfiguredRouteException naming the route and what is wrong with its filters */
    static void check(RouteDefinition route) {
        List<String> names = route.getFilters().stream().map(FilterDefinition::getName).toList();
        List<String> policies = names.stream().filter(POLICIES::contains).toList();
        if (!policies.isEmpty() && !names.contains(CHAT_PROTOCOL)) {
            throw new MisconfiguredRouteException(route.getId(), String.join(", ", policies) + " need"
                    + (policies.size() == 1 ? "s" : "") + " ChatProtocol on the same route (without it every request passes unchecked)");
        }
        int label = names.indexOf(AI_LABEL);
        if (label >= 0) {
            names.subList(label + 1, names.size()).stream().filter(POLICIES::contains).findFirst().ifPresent(after -> {
                throw new MisconfiguredRouteException(route.getId(),
                        "AiLabel must come after " + after + " (it labels what the other policies let through)");
            });
        }
    }

    /** A configured route whose filters cannot work as written. */
    public static final class MisconfiguredRouteException extends IllegalStateException {
        MisconfiguredRouteException(String routeId, String problem) {
            super("route '" + routeId + "': " + problem);
        }
    }
}
