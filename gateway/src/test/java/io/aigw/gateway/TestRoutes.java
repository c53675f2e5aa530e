package io.aigw.gateway;

import io.aigw.gateway.label.AiLabelGatewayFilterFactory;
import io.aigw.gateway.route.ChatProtocolGatewayFilterFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * Test-only routes to the same upstreams as the configured routes (their base-URL properties):
 * <ul>
 *   <li>{@link #OPENAI} and {@link #ANTHROPIC}: {@code ChatProtocol} and no policy filter. They prove
 *       that the decorator without stages passes answers through byte for byte, which the configured
 *       routes (with {@code AiLabel}) no longer do.</li>
 *   <li>{@link #ANTHROPIC_SUFFIX_EN}: {@code AiLabel} with route settings {@code position: suffix,
 *       locale: en}.</li>
 *   <li>{@link #OPENAI_LABEL_ONLY} and {@link #ANTHROPIC_LABEL_ONLY}: {@code AiLabel} alone (global
 *       settings), for tests of exactly what the label stage changes in an upstream stream; on the
 *       configured routes the content filter before it may regroup text deltas.</li>
 *   <li>{@link #OPENAI_SHORT_TIMEOUT}: {@code ChatProtocol} with a route {@code response-timeout} of
 *       {@value #SHORT_TIMEOUT_MS} ms, for the upstream timeout's answer; the shared context's own
 *       timeout is long, so that a cold upstream on a busy machine is not taken for a dead one.</li>
 * </ul>
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestRoutes {

    public static final String OPENAI = "/passthrough/openai/v1/chat/completions";
    public static final String ANTHROPIC = "/passthrough/anthropic/v1/messages";
    public static final String ANTHROPIC_SUFFIX_EN = "/route-label/anthropic/v1/messages";
    public static final String OPENAI_LABEL_ONLY = "/label-only/openai/v1/chat/completions";
    public static final String ANTHROPIC_LABEL_ONLY = "/label-only/anthropic/v1/messages";
    public static final String OPENAI_SHORT_TIMEOUT = "/short-timeout/openai/v1/chat/completions";
    public static final long SHORT_TIMEOUT_MS = 2_000;

    @Bean
    RouteLocator testRoutes(RouteLocatorBuilder routes, ChatProtocolGatewayFilterFactory chatProtocol,
            AiLabelGatewayFilterFactory aiLabel,
            @Value("${aigw.upstreams.openai.base-url}") String openAi, @Value("${aigw.upstreams.anthropic.base-url}") String anthropic) {
        AiLabelGatewayFilterFactory.Config suffixEn = new AiLabelGatewayFilterFactory.Config();
        suffixEn.setPosition("suffix");
        suffixEn.setLocale("en");
        return routes.routes()
                .route("openai-passthrough", r -> r.path(OPENAI)
                        .filters(f -> f.filter(chatProtocol.apply(config("openai", "OPENAI_API_KEY"))))
                        .uri(openAi))
                .route("anthropic-passthrough", r -> r.path(ANTHROPIC)
                        .filters(f -> f.filter(chatProtocol.apply(config("anthropic", "ANTHROPIC_API_KEY"))))
                        .uri(anthropic))
                .route("anthropic-suffix-en", r -> r.path(ANTHROPIC_SUFFIX_EN)
                        .filters(f -> f.filter(chatProtocol.apply(config("anthropic", "ANTHROPIC_API_KEY")))
                                .filter(aiLabel.apply(suffixEn)))
                        .uri(anthropic))
                .route("openai-label-only", r -> r.path(OPENAI_LABEL_ONLY)
                        .filters(f -> f.filter(chatProtocol.apply(config("openai", "OPENAI_API_KEY")))
                                .filter(aiLabel.apply(new AiLabelGatewayFilterFactory.Config())))
                        .uri(openAi))
                .route("anthropic-label-only", r -> r.path(ANTHROPIC_LABEL_ONLY)
                        .filters(f -> f.filter(chatProtocol.apply(config("anthropic", "ANTHROPIC_API_KEY")))
                                .filter(aiLabel.apply(new AiLabelGatewayFilterFactory.Config())))
                        .uri(anthropic))
                .route("openai-short-timeout", r -> r.path(OPENAI_SHORT_TIMEOUT)
                        .filters(f -> f.filter(chatProtocol.apply(config("openai", "OPENAI_API_KEY"))))
                        .metadata("response-timeout", SHORT_TIMEOUT_MS)
                        .uri(openAi))
                .build();
    }

    private static ChatProtocolGatewayFilterFactory.Config config(String protocol, String keyEnv) {
        ChatProtocolGatewayFilterFactory.Config config = new ChatProtocolGatewayFilterFactory.Config();
        config.setProtocol(protocol);
        config.setApiKeyEnv(keyEnv);
        return config;
    }
}
