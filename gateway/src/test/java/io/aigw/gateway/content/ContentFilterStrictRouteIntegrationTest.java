package io.aigw.gateway.content;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code - ContentFilter=strict} written in route configuration (the same binding as YAML in
 * {@code config/application.yml}) selects the strict profile: a term whose category the global actions
 * mask ({@code A3-masked=mask}) is blocked on the strict route and masked on a route with a plain
 * {@code - ContentFilter}. Its own context: these routes replace the configured ones only here.
 */
@TestPropertySource(properties = {
    "spring.cloud.gateway.server.webflux.routes[0].id=strict-openai",
    "spring.cloud.gateway.server.webflux.routes[0].uri=${aigw.upstreams.openai.base-url}",
    "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/strict/v1/chat/completions",
    "spring.cloud.gateway.server.webflux.routes[0].predicates[1]=Method=POST",
    "spring.cloud.gateway.server.webflux.routes[0].filters[0]=ChatProtocol=openai,OPENAI_API_KEY",
    "spring.cloud.gateway.server.webflux.routes[0].filters[1]=LicenseCheck",
    "spring.cloud.gateway.server.webflux.routes[0].filters[2]=ContentFilter=strict",
    "spring.cloud.gateway.server.webflux.routes[1].id=default-openai",
    "spring.cloud.gateway.server.webflux.routes[1].uri=${aigw.upstreams.openai.base-url}",
    "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/v1/chat/completions",
    "spring.cloud.gateway.server.webflux.routes[1].predicates[1]=Method=POST",
    "spring.cloud.gateway.server.webflux.routes[1].filters[0]=ChatProtocol=openai,OPENAI_API_KEY",
    "spring.cloud.gateway.server.webflux.routes[1].filters[1]=LicenseCheck",
    "spring.cloud.gateway.server.webflux.routes[1].filters[2]=ContentFilter",
})
class ContentFilterStrictRouteIntegrationTest extends GatewayIntegrationTest {

    private static final String PROMPT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"my secretcode\"}]}";

    private static final String ANSWER = """
            {"id":"chatcmpl-s","object":"chat.completion","created":1763983201,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"the secretcode is here"},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}""";

    @Test
    void theStrictRouteBlocksAPromptThatTheDefaultRouteMasks() {
        HttpResponse<String> strict = send("/strict/v1/chat/completions", PROMPT, "Authorization", "Bearer " + KEY);
        assertThat(strict.statusCode()).isEqualTo(400);
        assertThat(Json.parseUpstream(strict.body()).path("error").path("code").stringValue()).isEqualTo("content_policy_violation");
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();

        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(ANSWER)));
        HttpResponse<String> plain = send("/v1/chat/completions", PROMPT, "Authorization", "Bearer " + KEY);
        assertThat(plain.statusCode()).isEqualTo(200);
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("my **********")));
    }

    @Test
    void theStrictRouteRefusesAnAnswerThatTheDefaultRouteMasks() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(ANSWER)));
        String clean = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        HttpResponse<String> strict = send("/strict/v1/chat/completions", clean, "Authorization", "Bearer " + KEY);
        assertThat(strict.statusCode()).isEqualTo(200);
        assertThat(Json.parseUpstream(strict.body()).path("choices").path(0).path("finish_reason").stringValue())
                .isEqualTo("content_filter");
        assertThat(strict.body()).doesNotContain("secretcode").doesNotContain("is here");

        HttpResponse<String> plain = send("/v1/chat/completions", clean, "Authorization", "Bearer " + KEY);
        assertThat(Json.parseUpstream(plain.body()).path("choices").path(0).path("finish_reason").stringValue()).isEqualTo("stop");
        assertThat(plain.body()).contains("the ********** is here");
    }
}
