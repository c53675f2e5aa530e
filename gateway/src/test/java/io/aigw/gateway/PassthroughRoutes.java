package io.aigw.gateway;

import io.aigw.gateway.route.ChatProtocolGatewayFilterFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * Test routes with the protocol filter and no policy stage, added to the configured ones:
 * {@code /passthrough/v1/chat/completions} and {@code /passthrough/v1/messages}. They prove what the
 * pipeline does with no stages: the client gets exactly what the upstream sent.
 */
@TestConfiguration
public class PassthroughRoutes {

    @Bean
    RouteLocator passthroughRoutes(RouteLocatorBuilder routes, ChatProtocolGatewayFilterFactory chatProtocol,
            @Value("${aigw.upstreams.openai.base-url}") String openAi, @Value("${aigw.upstreams.anthropic.base-url}") String anthropic) {
        return routes.routes()
                .route("passthrough-openai", r -> r.path("/passthrough/v1/chat/completions")
                        .filters(f -> f.filter(chatProtocol.apply(config("openai", "OPENAI_API_KEY"))))
                        .uri(openAi))
                .route("passthrough-anthropic", r -> r.path("/passthrough/v1/messages")
                        .filters(f -> f.filter(chatProtocol.apply(config("anthropic", "ANTHROPIC_API_KEY"))))
                        .uri(anthropic))
                .build();
    }

    private static ChatProtocolGatewayFilterFactory.Config config(String protocol, String apiKeyEnv) {
        ChatProtocolGatewayFilterFactory.Config config = new ChatProtocolGatewayFilterFactory.Config();
        config.setProtocol(protocol);
        config.setApiKeyEnv(apiKeyEnv);
        return config;
    }
}
