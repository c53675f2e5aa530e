package io.aigw.gateway.upstream;

import io.aigw.gateway.label.AiLabelGatewayFilterFactory;
import io.aigw.gateway.route.ChatProtocolGatewayFilterFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * Routes with short per-route upstream settings in their metadata (hundreds of milliseconds), each
 * with {@code ChatProtocol} and {@code AiLabel}, so that tests need no sleeping: the path prefix
 * names the setting under test. {@code /connect/...} points at a listening socket whose accept queue is
 * full, where connecting times out.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ResilienceTestRoutes {

    /** Route id whose breaker has its own test settings ({@code resilience4j.circuitbreaker.instances}). */
    public static final String BREAKER_ROUTE = "breaker-openai";
    /** Route id used only by the retry-budget test, so that its budget starts full. */
    public static final String BUDGET_ROUTE = "budget-openai";

    /** Keeps the black-hole listener and its queue-filling connections open for the JVM's life. */
    private static final List<AutoCloseable> BLACK_HOLE = new ArrayList<>();

    @Bean
    RouteLocator resilienceRoutes(RouteLocatorBuilder routes, ChatProtocolGatewayFilterFactory chatProtocol,
            AiLabelGatewayFilterFactory aiLabel,
            @Value("${aigw.upstreams.openai.base-url}") String openAi, @Value("${aigw.upstreams.anthropic.base-url}") String anthropic) {
        RouteLocatorBuilder.Builder builder = routes.routes();
        openAi(builder, chatProtocol, aiLabel, "ttfb-openai", "/ttfb", openAi, "response-timeout", 300);
        openAi(builder, chatProtocol, aiLabel, "idle-openai", "/idle", openAi, "idle-timeout", 300);
        anthropic(builder, chatProtocol, aiLabel, "idle-anthropic", "/idle", anthropic, "idle-timeout", "300ms");
        openAi(builder, chatProtocol, aiLabel, "total-openai", "/total", openAi, "total-timeout", 1200);
        anthropic(builder, chatProtocol, aiLabel, "total-anthropic", "/total", anthropic, "total-timeout", "1200ms");
        openAi(builder, chatProtocol, aiLabel, "connect-openai", "/connect", blackHole() + "/v1", "connect-timeout", 200);
        openAi(builder, chatProtocol, aiLabel, "retry-openai", "/retry", openAi, "max-retries", 2);
        anthropic(builder, chatProtocol, aiLabel, "retry-anthropic", "/retry", anthropic, "max-retries", 2);
        openAi(builder, chatProtocol, aiLabel, "no-retry-openai", "/no-retry", openAi, "max-retries", 0);
        openAi(builder, chatProtocol, aiLabel, BUDGET_ROUTE, "/budget", openAi, "max-retries", 2);
        openAi(builder, chatProtocol, aiLabel, BREAKER_ROUTE, "/breaker", openAi, "max-retries", 0);
        return builder.build();
    }

    private static void openAi(RouteLocatorBuilder.Builder builder, ChatProtocolGatewayFilterFactory chatProtocol,
            AiLabelGatewayFilterFactory aiLabel, String id, String prefix, String uri, String key, Object value) {
        builder.route(id, r -> r.path(prefix + "/openai/v1/chat/completions")
                .filters(f -> f.filter(chatProtocol.apply(config("openai", "OPENAI_API_KEY")))
                        .filter(aiLabel.apply(new AiLabelGatewayFilterFactory.Config())))
                .metadata(key, value)
                .uri(uri));
    }

    private static void anthropic(RouteLocatorBuilder.Builder builder, ChatProtocolGatewayFilterFactory chatProtocol,
            AiLabelGatewayFilterFactory aiLabel, String id, String prefix, String uri, String key, Object value) {
        builder.route(id, r -> r.path(prefix + "/anthropic/v1/messages")
                .filters(f -> f.filter(chatProtocol.apply(config("anthropic", "ANTHROPIC_API_KEY")))
                        .filter(aiLabel.apply(new AiLabelGatewayFilterFactory.Config())))
                .metadata(key, value)
                .uri(uri));
    }

    private static ChatProtocolGatewayFilterFactory.Config config(String protocol, String keyEnv) {
        ChatProtocolGatewayFilterFactory.Config config = new ChatProtocolGatewayFilterFactory.Config();
        config.setProtocol(protocol);
        config.setApiKeyEnv(keyEnv);
        return config;
    }

    /**
     * A listener with a backlog of one that never accepts, its queue filled by a few connections: the
     * kernel drops further connection attempts, so connecting to it times out.
     */
    private static synchronized String blackHole() {
        try {
            ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
            BLACK_HOLE.add(listener);
            for (int i = 0; i < 4; i++) {
                Socket socket = new Socket();
                BLACK_HOLE.add(socket);
                try {
                    socket.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 200);
                } catch (IOException queueFull) {
                    break;
                }
            }
            return "http://127.0.0.1:" + listener.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
