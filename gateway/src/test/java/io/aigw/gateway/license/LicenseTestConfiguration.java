package io.aigw.gateway.license;

import com.github.benmanes.caffeine.cache.Ticker;
import io.aigw.gateway.route.ChatProtocolGatewayFilterFactory;
import java.net.URI;
import java.time.Clock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The license tests' beans: the hand-moved clock and a cache ticker following it, and two OpenAI routes
 * whose {@code LicenseCheck} overrides the global mode: {@code /grace/v1/chat/completions} and
 * {@code /monitor/v1/chat/completions}.
 */
@TestConfiguration(proxyBeanMethods = false)
class LicenseTestConfiguration {
    @Bean
    @Primary
    Clock testClock() {
        return LicenseGatewayIntegrationTest.CLOCK;
    }

    @Bean
    @Primary
    Ticker testTicker() {
        return LicenseGatewayIntegrationTest.CLOCK.ticker();
    }

    @Bean
    RouteLocator licenseModeRoutes(RouteLocatorBuilder builder, ChatProtocolGatewayFilterFactory chat,
                                   LicenseCheckGatewayFilterFactory license) {
        return builder.routes()
                .route("grace-chat", r -> r.path("/grace/v1/chat/completions").and().method("POST")
                        .filters(f -> f.filter(chat.apply(c -> c.setProtocol("openai")))
                                .filter(license.apply(c -> c.setMode("grace"))))
                        .uri(URI.create(LicenseGatewayIntegrationTest.upstreamBaseUrl() + "/v1")))
                .route("monitor-chat", r -> r.path("/monitor/v1/chat/completions").and().method("POST")
                        .filters(f -> f.filter(chat.apply(c -> c.setProtocol("openai")))
                                .filter(license.apply(c -> c.setMode("monitor"))))
                        .uri(URI.create(LicenseGatewayIntegrationTest.upstreamBaseUrl() + "/v1")))
                .build();
    }
}
