package io.aigw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteUpstreamSettingsTest {

    private static final UpstreamResilienceProperties DEFAULTS = new UpstreamResilienceProperties(Duration.ofMinutes(10),
            new UpstreamResilienceProperties.Retry(2, Duration.ofMillis(100), Duration.ofSeconds(1), List.of(502, 503, 529)),
            new UpstreamResilienceProperties.Budget(0.2, 10));

    private static RouteUpstreamSettings of(Map<String, Object> metadata) {
        return RouteUpstreamSettings.of("r1", metadata, Duration.ofSeconds(60), DEFAULTS, name -> null);
    }

    @Test
    void withoutMetadataTheGlobalDefaultsApply() {
        RouteUpstreamSettings settings = of(Map.of());
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.totalTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.maxRetries()).isEqualTo(2);
        assertThat(settings.fallbacks()).isEmpty();
    }

    @Test
    void numbersAreMillisecondsLikeTheGatewaysOwnTimeoutsAndStringsMayBeDurations() {
        RouteUpstreamSettings settings = of(Map.of("idle-timeout", 1500, "total-timeout", "2m", "max-retries", "0"));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.totalTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.maxRetries()).isZero();
        assertThat(of(Map.of("idle-timeout", "250")).idleTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(of(Map.of("total-timeout", 0)).totalTimeout()).isZero();
    }

    @Test
    void badValuesAreRejectedNamingRouteKeyAndValue() {
        assertThatThrownBy(() -> of(Map.of("idle-timeout", "soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("route 'r1'").hasMessageContaining("'soon'");
        assertThatThrownBy(() -> of(Map.of("idle-timeout", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idle-timeout must be positive");
        assertThatThrownBy(() -> of(Map.of("total-timeout", "-5s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("total-timeout").hasMessageContaining("PT-5S");
        assertThatThrownBy(() -> of(Map.of("max-retries", "many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-retries 'many'");
        assertThatThrownBy(() -> of(Map.of("max-retries", -1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-retries must be >= 0, got -1");
    }
}
