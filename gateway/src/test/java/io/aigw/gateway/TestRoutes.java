package io.aigw.gateway;

import io.aigw.gateway.label.AiLabelGatewayFilterFactory;
import io.aigw.gateway.route.ChatProtocolGatewayFilterFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * Test-only routes to the same WireMock upstream as the configured routes:
 * <ul>
 *   <li>{@link #OPENAI} and {@link #ANTHROPIC}: {@code ChatProtocol} and no policy filter. They prove
 *       that the decorator without stages passes answers through byte for byte, which the configured
 *       routes (with {@code AiLabel}) no longer do.</li>
 *   <li>{@link #ANTHROPIC_SUFFIX_EN}: {@code AiLabel} with route settings {@code position: suffix,
 *       locale: en}.</li>
 * </ul>
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestRoutes {

    public static final String OPENAI = "/passthrough/openai/v1/chat/completions";
    public static final String ANTHROPIC = "/passthrough/anthropic/v1/messages";
    public static final String ANTHROPIC_SUFFIX_EN = "/route-label/anthropic/v1/messages";

    @Bean
    RouteLocator testRoutes(RouteLocatorBuilder routes, ChatProtocolGatewayFilterFactory chatProtocol,
            AiLabelGatewayFilterFactory aiLabel) {
        AiLabelGatewayFilterFactory.Config suffixEn = new AiLabelGatewayFilterFactory.Config();
        suffixEn.setPosition("suffix");
        suffixEn.setLocale("en");
        return routes.routes()
                .route("openai-passthrough", r -> r.path(OPENAI)
                        .filters(f -> f.filter(chatProtocol.apply(config("openai", "OPENAI_API_KEY"))))
                        .uri(GatewayIntegrationTest.UPSTREAM.baseUrl() + "/v1"))
                .route("anthropic-passthrough", r -> r.path(ANTHROPIC)
                        .filters(f -> f.filter(chatProtocol.apply(config("anthropic", "ANTHROPIC_API_KEY"))))
                        .uri(GatewayIntegrationTest.UPSTREAM.baseUrl()))
                .route("anthropic-suffix-en", r -> r.path(ANTHROPIC_SUFFIX_EN)
                        .filters(f -> f.filter(chatProtocol.apply(config("anthropic", "ANTHROPIC_API_KEY")))
                                .filter(aiLabel.apply(suffixEn)))
                        .uri(GatewayIntegrationTest.UPSTREAM.baseUrl()))
                .build();
    }

    private static ChatProtocolGatewayFilterFactory.Config config(String protocol, String keyEnv) {
        ChatProtocolGatewayFilterFactory.Config config = new ChatProtocolGatewayFilterFactory.Config();
        config.setProtocol(protocol);
        config.setApiKeyEnv(keyEnv);
        return config;
    }
}
