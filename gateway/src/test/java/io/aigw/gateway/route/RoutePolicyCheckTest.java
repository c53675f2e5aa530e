package io.aigw.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;

class RoutePolicyCheckTest {

    private static RouteDefinition route(String... filters) {
        RouteDefinition route = new RouteDefinition();
        route.setId("my-chat");
        route.setUri(URI.create("http://upstream"));
        route.setFilters(Arrays.stream(filters).map(FilterDefinition::new).toList());
        return route;
    }

    @Test
    void aChatRouteWithItsPoliciesInOrderPasses() {
        assertThatCode(() -> RoutePolicyCheck.check(route("ChatProtocol=openai,OPENAI_API_KEY", "LicenseCheck", "Quota",
                "ContentFilter", "Moderation=hook", "AiLabel=prefix,en"))).doesNotThrowAnyException();
        assertThatCode(() -> RoutePolicyCheck.check(route("StripPrefix=1"))).as("a plain route").doesNotThrowAnyException();
    }

    @Test
    void policiesWithoutChatProtocolAreRefusedNamingTheRouteAndTheFilters() {
        assertThatThrownBy(() -> RoutePolicyCheck.check(route("LicenseCheck", "AiLabel")))
                .isInstanceOf(RoutePolicyCheck.MisconfiguredRouteException.class)
                .hasMessage("route 'my-chat': LicenseCheck, AiLabel need ChatProtocol on the same route "
                        + "(without it every request passes unchecked)");
    }

    @Test
    void aLabelBeforeAnotherPolicyIsRefused() {
        assertThatThrownBy(() -> RoutePolicyCheck.check(route("ChatProtocol=openai", "AiLabel", "ContentFilter")))
                .hasMessage("route 'my-chat': AiLabel must come after ContentFilter (it labels what the other policies let through)");
    }

    @Test
    void theStartFailureIsOneLineWithoutAStackTrace() {
        RoutePolicyCheck.MisconfiguredRouteException failure =
                new RoutePolicyCheck.MisconfiguredRouteException("my-chat", "AiLabel must come after Quota");
        FailureAnalysis analysis = new RoutePolicyFailureAnalyzer().analyze(new IllegalStateException("wrapped", failure));
        assertThat(analysis.getDescription()).isEqualTo("route 'my-chat': AiLabel must come after Quota").doesNotContain("\n");
        assertThat(analysis.getAction()).contains("config/README.md");
    }
}
