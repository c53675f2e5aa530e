package io.aigw.gateway.bridge;

import io.aigw.gateway.content.ContentFilterGatewayFilterFactory;
import io.aigw.gateway.label.AiLabelGatewayFilterFactory;
import io.aigw.gateway.license.LicenseCheckGatewayFilterFactory;
import io.aigw.gateway.route.ChatProtocolGatewayFilterFactory;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * Test-only cross-protocol routes, with every policy filter of the configured routes: Anthropic
 * Messages clients in front of the OpenAI-compatible upstream ({@link #ANTHROPIC_TO_OPENAI}, the SDK's
 * base URL), and OpenAI Chat clients in front of the Anthropic upstream ({@link #OPENAI_TO_ANTHROPIC}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class CrossProtocolRoutes {

    /** The Anthropic SDK's base URL path: it posts to {@code <base>/v1/messages}. */
    public static final String ANTHROPIC_TO_OPENAI = "/cross/to-openai";
    /** The OpenAI SDK's base URL path: it posts to {@code <base>/chat/completions}. */
    public static final String OPENAI_TO_ANTHROPIC = "/cross/to-anthropic/v1";

    @Bean
    RouteLocator crossProtocolRoutes(RouteLocatorBuilder routes, ChatProtocolGatewayFilterFactory chatProtocol,
            LicenseCheckGatewayFilterFactory licenseCheck, ContentFilterGatewayFilterFactory contentFilter,
            AiLabelGatewayFilterFactory aiLabel,
            @Value("${aigw.upstreams.openai.base-url}") String openAi, @Value("${aigw.upstreams.anthropic.base-url}") String anthropic) {
        List<GatewayFilter> policies = List.of(licenseCheck.apply(new LicenseCheckGatewayFilterFactory.Config()),
                contentFilter.apply(new ContentFilterGatewayFilterFactory.Config()),
                aiLabel.apply(new AiLabelGatewayFilterFactory.Config()));
        return routes.routes()
                .route("anthropic-to-openai", r -> r.path(ANTHROPIC_TO_OPENAI + "/v1/messages")
                        .filters(f -> f.filter(chatProtocol.apply(config("anthropic", "OPENAI_API_KEY", "openai"))).filters(policies))
                        .uri(openAi))
                .route("openai-to-anthropic", r -> r.path(OPENAI_TO_ANTHROPIC + "/chat/completions")
                        .filters(f -> f.filter(chatProtocol.apply(config("openai", "ANTHROPIC_API_KEY", "anthropic"))).filters(policies))
                        .uri(anthropic))
                .build();
    }

    private static ChatProtocolGatewayFilterFactory.Config config(String protocol, String keyEnv, String upstreamProtocol) {
        ChatProtocolGatewayFilterFactory.Config config = new ChatProtocolGatewayFilterFactory.Config();
        config.setProtocol(protocol);
        config.setApiKeyEnv(keyEnv);
        config.setUpstreamProtocol(upstreamProtocol);
        return config;
    }
}
