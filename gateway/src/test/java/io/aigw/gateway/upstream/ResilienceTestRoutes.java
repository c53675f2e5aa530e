package io.aigw.gateway.upstream;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.aigw.gateway.RefusingPort;
import io.aigw.gateway.label.AiLabelGatewayFilterFactory;
import io.aigw.gateway.route.ChatProtocolGatewayFilterFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** The upstream that fallbacks point at (the primary is the shared test upstream, or a closed port). */
    public static final WireMockServer FALLBACK_UPSTREAM = new WireMockServer(options().dynamicPort());
    /** The key the fallbacks send ({@code FALLBACK_API_KEY} in the test properties). */
    public static final String FALLBACK_KEY = "sk-fallback";

    static {
        FALLBACK_UPSTREAM.start();
    }

    /** Keeps the black-hole listener and its queue-filling connections open for the JVM's life. */
    private static final List<AutoCloseable> BLACK_HOLE = new ArrayList<>();

    @Bean
    HeldResponseHeaders heldResponseHeaders() {
        return new HeldResponseHeaders();
    }

    @Bean
    RouteLocator resilienceRoutes(RouteLocatorBuilder routes, ChatProtocolGatewayFilterFactory chatProtocol,
            AiLabelGatewayFilterFactory aiLabel,
            @Value("${aigw.upstreams.openai.base-url}") String openAi, @Value("${aigw.upstreams.anthropic.base-url}") String anthropic) {
        RouteLocatorBuilder.Builder builder = routes.routes();
        openAi(builder, chatProtocol, aiLabel, "ttfb-openai", "/ttfb", openAi, "response-timeout", 300);
        openAi(builder, chatProtocol, aiLabel, "held-openai", "/held", openAi, "response-timeout", 2_000);
        openAi(builder, chatProtocol, aiLabel, "idle-openai", "/idle", openAi, "idle-timeout", 300, "response-timeout", 20_000);
        anthropic(builder, chatProtocol, aiLabel, "idle-anthropic", "/idle", anthropic, "idle-timeout", "300ms", "response-timeout", 20_000);
        openAi(builder, chatProtocol, aiLabel, "total-openai", "/total", openAi, "total-timeout", 3000, "response-timeout", 20_000);
        openAi(builder, chatProtocol, aiLabel, "held-total-openai", "/held-total", openAi, "total-timeout", 2_000, "response-timeout", 20_000);
        anthropic(builder, chatProtocol, aiLabel, "total-anthropic", "/total", anthropic, "total-timeout", "3s", "response-timeout", 20_000);
        openAi(builder, chatProtocol, aiLabel, "connect-openai", "/connect", blackHole() + "/v1", "connect-timeout", 200);
        openAi(builder, chatProtocol, aiLabel, "retry-openai", "/retry", openAi, "max-retries", 2);
        anthropic(builder, chatProtocol, aiLabel, "retry-anthropic", "/retry", anthropic, "max-retries", 2);
        openAi(builder, chatProtocol, aiLabel, "no-retry-openai", "/no-retry", openAi, "max-retries", 0);
        openAi(builder, chatProtocol, aiLabel, BUDGET_ROUTE, "/budget", openAi, "max-retries", 2);
        openAi(builder, chatProtocol, aiLabel, BREAKER_ROUTE, "/breaker", openAi, "max-retries", 0);
        String fallbacks = FALLBACK_UPSTREAM.baseUrl();
        Map<String, Object> deepSeek = Map.of("name", "deepseek", "uri", fallbacks + "/deepseek/v1", "model", "deepseek-chat");
        Map<String, Object> mini = Map.of("uri", fallbacks + "/v1", "api-key-env", "FALLBACK_API_KEY", "model", "gpt-4o-mini");
        openAi(builder, chatProtocol, aiLabel, "fallback-openai", "/fallback", closedPort() + "/v1",
                "max-retries", 0, "fallbacks", List.of(deepSeek, mini));
        openAi(builder, chatProtocol, aiLabel, "fallback-only-deepseek", "/fallback-deepseek", closedPort() + "/v1",
                "max-retries", 0, "fallbacks", List.of(deepSeek));
        // As Spring binds a YAML list inside route metadata: a map keyed by index.
        anthropic(builder, chatProtocol, aiLabel, "fallback-anthropic", "/fallback", anthropic,
                "max-retries", 1, "fallbacks", Map.of("0", Map.of("uri", fallbacks, "api-key-env", "FALLBACK_API_KEY",
                        "model", "claude-haiku-4-5")));
        // Forwards anthropic-beta (a YAML list, bound as a map keyed by index) and the query string.
        anthropic(builder, chatProtocol, aiLabel, "forward-anthropic", "/forward", anthropic,
                "forward-headers", Map.of("0", "anthropic-beta"), "forward-query", "true");
        return builder.build();
    }

    private static void openAi(RouteLocatorBuilder.Builder builder, ChatProtocolGatewayFilterFactory chatProtocol,
            AiLabelGatewayFilterFactory aiLabel, String id, String prefix, String uri, Object... metadata) {
        builder.route(id, r -> r.path(prefix + "/openai/v1/chat/completions")
                .filters(f -> f.filter(chatProtocol.apply(config("openai", "OPENAI_API_KEY")))
                        .filter(aiLabel.apply(new AiLabelGatewayFilterFactory.Config())))
                .metadata(metadata(metadata))
                .uri(uri));
    }

    private static void anthropic(RouteLocatorBuilder.Builder builder, ChatProtocolGatewayFilterFactory chatProtocol,
            AiLabelGatewayFilterFactory aiLabel, String id, String prefix, String uri, Object... metadata) {
        builder.route(id, r -> r.path(prefix + "/anthropic/v1/messages")
                .filters(f -> f.filter(chatProtocol.apply(config("anthropic", "ANTHROPIC_API_KEY")))
                        .filter(aiLabel.apply(new AiLabelGatewayFilterFactory.Config())))
                .metadata(metadata(metadata))
                .uri(uri));
    }

    private static Map<String, Object> metadata(Object... pairs) {
        Map<String, Object> metadata = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            metadata.put((String) pairs[i], pairs[i + 1]);
        }
        return metadata;
    }

    private static ChatProtocolGatewayFilterFactory.Config config(String protocol, String keyEnv) {
        ChatProtocolGatewayFilterFactory.Config config = new ChatProtocolGatewayFilterFactory.Config();
        config.setProtocol(protocol);
        config.setApiKeyEnv(keyEnv);
        return config;
    }

    /** A local address where nothing listens: connections are refused at once. */
    private static String closedPort() {
        return "http://127.0.0.1:" + RefusingPort.reserve();
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
