package io.aigw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.gateway.config.AigwProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;

class RouteUpstreamSettingsCheckTest {

    private static final AigwProperties AIGW = new AigwProperties(
            new AigwProperties.Limits(DataSize.ofMegabytes(10), DataSize.ofMegabytes(1), DataSize.ofMegabytes(10), 10_000, 20_000),
            new AigwProperties.Upstream(Duration.ofSeconds(60)),
            new AigwProperties.Products(Path.of("products.yaml"), Duration.ofSeconds(2)));
    private static final UpstreamResilienceProperties DEFAULTS = new UpstreamResilienceProperties(Duration.ofMinutes(10),
            new UpstreamResilienceProperties.Retry(2, Duration.ofMillis(100), Duration.ofSeconds(1), List.of(502, 503, 529)),
            new UpstreamResilienceProperties.Budget(0.2, 10));

    private static Route route(String id, String key, Object value) {
        return Route.async().id(id).uri("http://upstream").predicate(exchange -> true).metadata(key, value).build();
    }

    @Test
    void aMisconfiguredRouteStopsTheStartNamingRouteAndValue() {
        UpstreamCallPlans plans = new UpstreamCallPlans(AIGW, DEFAULTS, name -> null, System::nanoTime);
        RouteUpstreamSettingsCheck check = new RouteUpstreamSettingsCheck(
                () -> Flux.just(route("good", "idle-timeout", 500), route("bad", "total-timeout", "later")), plans,
                new RouteForwarding(new ForwardingProperties(List.of(), false, true)));
        assertThatThrownBy(check::checkRoutes).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("route 'bad'").hasMessageContaining("'later'");
    }

    @Test
    void aHeaderTheGatewaySetsCannotBeForwarded() {
        UpstreamCallPlans plans = new UpstreamCallPlans(AIGW, DEFAULTS, name -> null, System::nanoTime);
        RouteUpstreamSettingsCheck check = new RouteUpstreamSettingsCheck(
                () -> Flux.just(route("leaky", "forward-headers", "anthropic-beta, Authorization")), plans, new RouteForwarding(new ForwardingProperties(List.of(), false, true)));
        assertThatThrownBy(check::checkRoutes).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("route 'leaky'").hasMessageContaining("'Authorization'");
    }

    @Test
    void validRoutesAreResolvedOnceAndCached() {
        UpstreamCallPlans plans = new UpstreamCallPlans(AIGW, DEFAULTS, name -> null, System::nanoTime);
        Route good = route("good", "idle-timeout", 500);
        assertThatCode(new RouteUpstreamSettingsCheck(() -> Flux.just(good), plans, new RouteForwarding(new ForwardingProperties(List.of(), false, true)))::checkRoutes).doesNotThrowAnyException();
        assertThat(plans.settingsOf(good)).isSameAs(plans.settingsOf(good));
        assertThat(plans.settingsOf(good).idleTimeout()).isEqualTo(Duration.ofMillis(500));
    }
}
