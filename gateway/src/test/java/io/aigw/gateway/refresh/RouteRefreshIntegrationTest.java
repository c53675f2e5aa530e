package io.aigw.gateway.refresh;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import reactor.blockhound.BlockHound;

/**
 * Issue 18, item 7: a route added to, and a route's label changed in, the operator's configuration file take
 * effect without a restart. The gateway runs on its own copy of the file, which the test rewrites as an
 * operator (or a ConfigMap update) would: a new file renamed over the old one.
 */
@GatewayTest
@TestPropertySource(
        properties = {
            // Over the shared set's ../config/: the gateway reads its own copy, which the test rewrites.
            "spring.config.additional-location=file:" + RouteRefreshIntegrationTest.DIR + "/",
            "aigw.config.watch=" + RouteRefreshIntegrationTest.DIR + "/application.yml",
            "aigw.config.reload-interval=200ms",
            // A refresh re-reads the configuration with the command line, system properties and environment
            // (where an operator's spring.config.location is); a test's inlined properties must be kept too.
            // (@GatewayTest's properties are in that source too.)
            "spring.cloud.refresh.additional-property-sources-to-retain=Inlined Test Properties",
            "OPENAI_API_KEY=sk-upstream-openai",
        })
class RouteRefreshIntegrationTest {

    static final String DIR = "target/route-refresh-config";
    private static final Path FILE = Path.of(DIR, "application.yml");
    private static final WireMockServer UPSTREAM = new WireMockServer(options().dynamicPort());
    private static final String ROUTE = """
                        - id: refreshed-chat
                          uri: ${aigw.upstreams.openai.base-url}
                          predicates:
                            - Path=/refreshed/v1/chat/completions
                            - Method=POST
                          filters:
                            - ChatProtocol=openai,OPENAI_API_KEY
                            - AiLabel=prefix,%s
            """;

    static {
        BlockHound.install();
        UPSTREAM.start();
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"hello\"},\"finish_reason\":\"stop\"}]}")));
        write(original());
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("aigw.upstreams.openai.base-url", () -> UPSTREAM.baseUrl() + "/v1");
        registry.add("aigw.upstreams.anthropic.base-url", UPSTREAM::baseUrl);
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.stop();
    }

    @Test
    void aRouteAddedToTheFileServesAndItsLabelChangeAppliesWithoutARestart() {
        assertThat(chat("/refreshed/v1/chat/completions").statusCode()).as("no such route yet").isEqualTo(404);
        assertThat(chat("/v1/chat/completions").statusCode()).isEqualTo(200);

        write(original().replace("          routes:\n", "          routes:\n" + ROUTE.formatted("en")));
        HttpResponse<String> english = await("/refreshed/v1/chat/completions", r -> r.statusCode() == 200);
        assertThat(content(english)).startsWith("AI-generated content").endsWith("hello");

        write(original().replace("          routes:\n", "          routes:\n" + ROUTE.formatted("zh-CN")));
        HttpResponse<String> chinese = await("/refreshed/v1/chat/completions", r -> r.statusCode() == 200
                && content(r).startsWith("本内容由人工智能生成"));
        assertThat(content(chinese)).endsWith("hello");

        write(original());
        await("/refreshed/v1/chat/completions", r -> r.statusCode() == 404);
        assertThat(chat("/v1/chat/completions").statusCode()).as("the configured routes kept serving").isEqualTo(200);
    }

    @Test
    void aChangedGlobalLabelAppliesWithoutARestartAndABadOneLeavesTheLastGoodOne() {
        assertThat(content(chat("/v1/chat/completions"))).startsWith("本内容由人工智能生成");

        write(original().replace("\naigw:\n", "\naigw:\n  label:\n    locale: en\n"));
        await("/v1/chat/completions", r -> r.statusCode() == 200 && content(r).startsWith("AI-generated content"));

        write(original().replace("\naigw:\n", "\naigw:\n  label:\n    locale: en\n    position: nowhere\n"));
        // The refused settings change nothing: the answer keeps the last good label.
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        assertThat(content(chat("/v1/chat/completions"))).startsWith("AI-generated content");

        write(original());
        await("/v1/chat/completions", r -> r.statusCode() == 200 && content(r).startsWith("本内容由人工智能生成"));
    }

    private static String original() {
        try {
            return Files.readString(Path.of("../config/application.yml"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new file renamed over the old one, as editors and ConfigMap updates replace it. */
    private static void write(String yaml) {
        try {
            Files.createDirectories(FILE.getParent());
            Path tmp = Files.createTempFile(FILE.getParent(), "application", ".tmp");
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            Files.move(tmp, FILE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> await(String path, Predicate<HttpResponse<String>> wanted) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        HttpResponse<String> last;
        do {
            last = chat(path);
            if (wanted.test(last)) {
                return last;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the change did not take effect in 15 s; last answer " + last.statusCode() + " " + last.body());
    }

    private static String content(HttpResponse<String> response) {
        return Json.parseUpstream(response.body()).path("choices").get(0).path("message").path("content").stringValue();
    }

    private HttpResponse<String> chat(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer test-key")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
