package io.aigw.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.protocol.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.blockhound.BlockHound;

/** Upstreams that refuse connections: 502 in the caller's protocol. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.additional-location=file:../config/",
            "management.server.port=0",
            "aigw.products.file=src/test/resources/products-test.yaml",
        })
class UpstreamDownIntegrationTest {

    static {
        BlockHound.install();
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void deadUpstreams(DynamicPropertyRegistry registry) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String dead = "http://127.0.0.1:" + closed;
        registry.add("aigw.upstreams.openai.base-url", () -> dead + "/v1");
        registry.add("aigw.upstreams.anthropic.base-url", () -> dead);
    }

    private HttpResponse<String> send(String path, String keyHeader, String key, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header(keyHeader, key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusedConnectionsAre502InEachProtocol() throws Exception {
        HttpResponse<String> openAi = send("/v1/chat/completions", "Authorization", "Bearer test-key", "{\"model\":\"gpt-4o\",\"messages\":[]}");
        assertThat(openAi.statusCode()).isEqualTo(502);
        assertThat(Json.parseUpstream(openAi.body()).path("error").path("code").stringValue()).isEqualTo("upstream_unavailable");

        HttpResponse<String> anthropic = send("/v1/messages", "x-api-key", "test-key", "{\"model\":\"claude\",\"messages\":[]}");
        assertThat(anthropic.statusCode()).isEqualTo(502);
        assertThat(Json.parseUpstream(anthropic.body()).path("error").path("type").stringValue()).isEqualTo("api_error");
    }
}
