package io.aigw.gateway;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import reactor.blockhound.BlockHound;

/**
 * Base of the integration tests: the real {@code config/application.yml} routes, a WireMock upstream
 * for both protocols, the test product registry and lexicons, test-only routes without policy filters
 * ({@link TestRoutes}), and BlockHound installed so that any blocking call
 * on a Netty or Reactor thread fails the test. Subclasses share one Spring context.
 */
@GatewayTest
@TestPropertySource(
        properties = {
            "OPENAI_API_KEY=sk-upstream-openai",
            "ANTHROPIC_API_KEY=sk-upstream-anthropic",
            // Long: on a busy machine a cold upstream's first answer took over 5 s (a 504 that was no
            // fault of the gateway); the timeout's own test uses a route with a short one (TestRoutes).
            "spring.cloud.gateway.server.webflux.httpclient.response-timeout=30s",
            "aigw.upstream.idle-timeout=5s",
            "aigw.limits.max-request-bytes=64KB",
            // aigw.audit.dir and key-dir: per context, in src/test/resources/application.properties
            "AIGW_ADMIN_TOKEN=" + GatewayIntegrationTest.ADMIN_TOKEN,
            // The fault soak test picks each upstream fault with this client header.
            "aigw.forwarding.headers=x-soak-fault",
        })
@Import(TestRoutes.class)
public abstract class GatewayIntegrationTest {

    public static final String KEY = "test-key";
    /** The admin token of the shared context ({@code AIGW_ADMIN_TOKEN}). */
    public static final String ADMIN_TOKEN = "test-admin-token";
    protected static final WireMockServer UPSTREAM = new WireMockServer(options().dynamicPort());

    static {
        BlockHound.install();
        UPSTREAM.start();
    }

    @LocalServerPort
    protected int port;

    /** The management port: where the admin endpoints answer ({@code aigw.admin.on-api-port} is false here). */
    @LocalManagementPort
    protected int managementPort;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("aigw.upstreams.openai.base-url", () -> UPSTREAM.baseUrl() + "/v1");
        registry.add("aigw.upstreams.anthropic.base-url", UPSTREAM::baseUrl);
    }

    @BeforeEach
    void resetUpstream() {
        UPSTREAM.resetAll();
    }

    protected String gatewayUrl(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A transcript from the filters module's test fixtures. */
    protected static String transcript(String name) {
        try {
            return Files.readString(Path.of("../filters/src/test/resources/transcripts", name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected HttpResponse<String> send(String path, String body, String... headers) {
        return send(path, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), headers);
    }

    protected HttpResponse<String> send(String path, HttpRequest.BodyPublisher body, String... headers) {
        return exchange(HttpRequest.newBuilder(URI.create(gatewayUrl(path)))
                .header("Content-Type", "application/json")
                .POST(body), headers);
    }

    /** A GET to the gateway with the given header name/value pairs. */
    protected HttpResponse<String> fetch(String path, String... headers) {
        return exchange(HttpRequest.newBuilder(URI.create(gatewayUrl(path))).GET(), headers);
    }

    /** A GET of an admin endpoint on the management port, with the admin token. */
    protected HttpResponse<String> admin(String path) {
        return exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).GET(),
                "Authorization", "Bearer " + ADMIN_TOKEN);
    }

    /** Sends {@code request} with the given header name/value pairs added. */
    protected HttpResponse<String> exchange(HttpRequest.Builder request, String... headers) {
        request.timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
