package io.aigw.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.aigw.filters.label.LabelConfig;
import io.aigw.gateway.GatewayTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.aigw.gateway.TestRoutes;
import org.springframework.context.annotation.Import;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Every chunk reaches the client as soon as the upstream sends it. The upstream here sends its next
 * event only after the client has read the previous one (lock-step), so a gateway that held anything
 * back would stall this test into its failure bound instead of passing; no timing is measured.
 */
@Import(TestRoutes.class)
@GatewayTest
@TestPropertySource(properties = "aigw.upstream.idle-timeout=3s")
class StreamingFlushIntegrationTest {

    private static final AtomicReference<Sinks.Many<String>> EVENTS = new AtomicReference<>();
    private static final DisposableServer LOCKSTEP;

    static {
        BlockHound.install();
        LOCKSTEP = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.post("/v1/messages", (request, response) -> request.receive().then()
                        .then(response.header("Content-Type", "text/event-stream").sendString(EVENTS.get().asFlux()).then())))
                .bindNow();
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void lockstepUpstream(DynamicPropertyRegistry registry) {
        registry.add("aigw.upstreams.anthropic.base-url", () -> "http://127.0.0.1:" + LOCKSTEP.port());
    }

    @BeforeEach
    void newUpstreamStream() {
        EVENTS.set(Sinks.many().unicast().onBackpressureBuffer());
    }

    @AfterAll
    static void stop() {
        LOCKSTEP.disposeNow();
    }

    private static String delta(String text) {
        return "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}";
    }

    /**
     * On the stage-less route, every upstream event goes out as it came. On the default route (content
     * filter and label on), text that cannot begin a lexicon term or PII goes out at once as well, right
     * after the label's own delta.
     */
    @ParameterizedTest
    @CsvSource({TestRoutes.ANTHROPIC + ", %d, false", "/v1/messages, 第%d段。, true"})
    void eachEventIsDeliveredBeforeTheNextIsSent(String path, String textPattern, boolean labeled) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Sinks.Many<String> events = EVENTS.get();
            events.tryEmitNext("event: message_start\ndata: {\"type\":\"message_start\"}\n\n");
            try (BufferedReader reader = openStream(path)) {
                assertThat(reader.readLine()).isEqualTo("event: message_start");
                assertThat(reader.readLine()).isEqualTo("data: {\"type\":\"message_start\"}");
                assertThat(reader.readLine()).isEmpty();
                for (int i = 0; i < 5; i++) {
                    String text = String.format(textPattern, i);
                    events.tryEmitNext("event: content_block_delta\n" + delta(text) + "\n\n");
                    if (i == 0 && labeled) {
                        // AiLabel's prefix: a text delta of its own just before the first upstream text.
                        assertThat(reader.readLine()).isEqualTo("event: content_block_delta");
                        assertThat(reader.readLine()).isEqualTo("data: {\"type\":\"content_block_delta\",\"index\":0,"
                                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + LabelConfig.DEFAULT_ZH_CN + "\\n\\n\"}}");
                        assertThat(reader.readLine()).isEmpty();
                    }
                    assertThat(reader.readLine()).isEqualTo("event: content_block_delta");
                    assertThat(reader.readLine()).isEqualTo(delta(text));
                    assertThat(reader.readLine()).isEmpty();
                }
                events.tryEmitNext("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
                events.tryEmitComplete();
                assertThat(reader.readLine()).isEqualTo("event: message_stop");
            }
        });
    }

    @Test
    void aStreamThatStallsEndsWithAnErrorEventAfterWhatWasAlreadySent() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            EVENTS.get().tryEmitNext("event: message_start\ndata: {\"type\":\"message_start\"}\n\n");
            try (BufferedReader reader = openStream("/v1/messages")) {
                assertThat(reader.readLine()).isEqualTo("event: message_start");
                assertThat(reader.readLine()).isEqualTo("data: {\"type\":\"message_start\"}");
                assertThat(reader.readLine()).isEmpty();
                // The upstream now says nothing for longer than aigw.upstream.idle-timeout.
                assertThat(reader.readLine()).isEqualTo("event: error");
                assertThat(reader.readLine()).isEqualTo(
                        "data: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"the upstream sent nothing for 3000 ms\"}}");
                assertThat(reader.readLine()).isEmpty();
                assertThat(reader.readLine()).isNull();
            }
        });
    }

    private BufferedReader openStream(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("x-api-key", "test-key")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"claude\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }
}
