package io.aigw.gateway.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.aigw.gateway.upstream.ResilienceTestRoutes.FALLBACK_UPSTREAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 4: what of the client's request reaches the upstream with the operator's key: only the
 * allow-listed headers (per protocol, plus a route's {@code forward-headers}) and no query string
 * unless the route forwards it; the same on a fallback upstream.
 */
class ForwardedRequestIntegrationTest extends UpstreamResilienceIntegrationTest {

    private static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}";
    private static final String MESSAGE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";

    /** What a client may send that must stay at the gateway. */
    private static final String[] CLIENT_EXTRAS = {
        "Cookie", "session=s3cret",
        "OpenAI-Organization", "org-client",
        "OpenAI-Project", "proj-client",
        "OpenAI-Beta", "assistants=v2",
        "api-key", "azure-style-key",
        "anthropic-beta", "files-api-2025-04-14",
        "X-Forwarded-For", "10.1.2.3",
        "X-Real-IP", "10.1.2.3",
        "X-Stainless-OS", "Linux",
        "User-Agent", "MyApp/1.0 (device 1234)",
        "X-Soak-Fault-Not", "x",
        "Accept", "application/json",
    };

    private static final List<String> DROPPED = List.of("Cookie", "OpenAI-Organization", "OpenAI-Project", "OpenAI-Beta",
            "api-key", "X-Forwarded-For", "X-Real-IP", "X-Stainless-OS", "X-Soak-Fault-Not", "Accept-Encoding",
            "X-Request-Id");

    private static String[] with(String... more) {
        String[] all = new String[CLIENT_EXTRAS.length + more.length];
        System.arraycopy(CLIENT_EXTRAS, 0, all, 0, CLIENT_EXTRAS.length);
        System.arraycopy(more, 0, all, CLIENT_EXTRAS.length, more.length);
        return all;
    }

    private static LoggedRequest theOneRequest(WireMockServer server, RequestPatternBuilder pattern) {
        List<LoggedRequest> requests = server.findAll(pattern);
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static void assertOnlyAllowedHeaders(LoggedRequest upstream, String... alsoDropped) {
        for (String name : DROPPED) {
            assertThat(upstream.containsHeader(name)).as(name + " in " + upstream.getHeaders()).isFalse();
        }
        for (String name : alsoDropped) {
            assertThat(upstream.containsHeader(name)).as(name + " in " + upstream.getHeaders()).isFalse();
        }
        // Reactor Netty names itself; the client's User-Agent stays at the gateway.
        assertThat(upstream.getHeaders().getHeader("User-Agent").values()).noneMatch(v -> v.contains("MyApp"));
        assertThat(upstream.getHeader("Content-Type")).startsWith("application/json");
        assertThat(upstream.getHeader("Accept")).isEqualTo("application/json");
    }

    @Test
    void openAiUpstreamGetsOnlyAllowListedHeadersAndNoQuery() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(COMPLETION)));
        HttpResponse<String> response = send("/v1/chat/completions?key=leak&api-version=1", OPENAI_BODY,
                with("Authorization", "Bearer " + KEY, "X-Request-Id", "req-forward-1"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        LoggedRequest upstream = theOneRequest(UPSTREAM, postRequestedFor(anyUrl()));
        assertThat(upstream.getUrl()).isEqualTo("/v1/chat/completions");
        assertThat(upstream.getHeader("Authorization")).isEqualTo("Bearer sk-upstream-openai");
        assertOnlyAllowedHeaders(upstream, "anthropic-beta", "anthropic-version", "x-api-key");
    }

    @Test
    void anthropicUpstreamGetsTheVersionButNotTheBetaByDefault() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(MESSAGE)));
        HttpResponse<String> response = send("/v1/messages?key=leak", ANTHROPIC_BODY,
                with("x-api-key", KEY, "anthropic-version", "2023-06-01"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        LoggedRequest upstream = theOneRequest(UPSTREAM, postRequestedFor(anyUrl()));
        assertThat(upstream.getUrl()).isEqualTo("/v1/messages");
        assertThat(upstream.getHeader("x-api-key")).isEqualTo("sk-upstream-anthropic");
        assertThat(upstream.getHeader("anthropic-version")).isEqualTo("2023-06-01");
        assertOnlyAllowedHeaders(upstream, "anthropic-beta", "Authorization");
    }

    @Test
    void aRouteForwardsTheHeadersAndQueryItAllows() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(MESSAGE)));
        HttpResponse<String> response = send(anthropicPath("/forward") + "?beta=true", ANTHROPIC_BODY,
                with("x-api-key", KEY, "anthropic-version", "2023-06-01"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        LoggedRequest upstream = theOneRequest(UPSTREAM, postRequestedFor(anyUrl()));
        assertThat(upstream.getUrl()).isEqualTo("/v1/messages?beta=true");
        assertThat(upstream.getHeader("anthropic-beta")).isEqualTo("files-api-2025-04-14");
        assertOnlyAllowedHeaders(upstream, "Authorization");
    }

    @Test
    void aFallbackUpstreamGetsOnlyAllowListedHeadersToo() {
        FALLBACK_UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(COMPLETION)));
        HttpResponse<String> response = send(openAiPath("/fallback") + "?key=leak", OPENAI_BODY,
                with("Authorization", "Bearer other-key"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        LoggedRequest upstream = theOneRequest(FALLBACK_UPSTREAM, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(upstream.getHeader("Authorization")).isEqualTo("Bearer " + ResilienceTestRoutes.FALLBACK_KEY);
        assertOnlyAllowedHeaders(upstream, "anthropic-beta", "x-api-key");
        FALLBACK_UPSTREAM.verify(0, postRequestedFor(anyUrl()).withQueryParam("key", equalTo("leak")));
        FALLBACK_UPSTREAM.verify(1, postRequestedFor(anyUrl()).withHeader("Cookie", absent()));
    }
}
