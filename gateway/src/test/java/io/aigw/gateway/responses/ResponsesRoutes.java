package io.aigw.gateway.responses;

import io.aigw.gateway.content.ContentFilterGatewayFilterFactory;
import io.aigw.gateway.label.AiLabelGatewayFilterFactory;
import io.aigw.gateway.license.LicenseCheckGatewayFilterFactory;
import io.aigw.gateway.route.ChatProtocolGatewayFilterFactory;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * Test-only Responses API routes with every policy filter of the configured routes (the configured
 * {@code /v1/responses} route translates to Chat Completions): {@link #NATIVE} in front of an upstream
 * that speaks Responses itself, {@link #TO_ANTHROPIC} in front of the Anthropic upstream. The values are
 * the OpenAI SDK's base URLs.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ResponsesRoutes {

    public static final String NATIVE = "/native/v1";
    public static final String TO_ANTHROPIC = "/responses-to-anthropic/v1";

    @Bean
    RouteLocator responsesRoutes(RouteLocatorBuilder routes, ChatProtocolGatewayFilterFactory chatProtocol,
            LicenseCheckGatewayFilterFactory licenseCheck, ContentFilterGatewayFilterFactory contentFilter,
            AiLabelGatewayFilterFactory aiLabel,
            @Value("${aigw.upstreams.openai.base-url}") String openAi, @Value("${aigw.upstreams.anthropic.base-url}") String anthropic) {
        List<GatewayFilter> policies = List.of(licenseCheck.apply(new LicenseCheckGatewayFilterFactory.Config()),
                contentFilter.apply(new ContentFilterGatewayFilterFactory.Config()),
                aiLabel.apply(new AiLabelGatewayFilterFactory.Config()));
        return routes.routes()
                .route("responses-native", r -> r.path(NATIVE + "/responses")
                        .filters(f -> f.filter(chatProtocol.apply(config("OPENAI_API_KEY", null))).filters(policies))
                        .uri(openAi))
                .route("responses-to-anthropic", r -> r.path(TO_ANTHROPIC + "/responses")
                        .filters(f -> f.filter(chatProtocol.apply(config("ANTHROPIC_API_KEY", "anthropic"))).filters(policies))
                        .uri(anthropic))
                .build();
    }

    private static ChatProtocolGatewayFilterFactory.Config config(String keyEnv, String upstreamProtocol) {
        ChatProtocolGatewayFilterFactory.Config config = new ChatProtocolGatewayFilterFactory.Config();
        config.setProtocol("responses");
        config.setApiKeyEnv(keyEnv);
        config.setUpstreamProtocol(upstreamProtocol);
        return config;
    }
}
