package io.aigw.gateway.route;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Hostile request input on the shared context (issue 8 item 5): keys of two products in one request,
 * and JSON nested deeper than the codec allows. Nothing of it reaches the upstream.
 */
class HostileInputIntegrationTest extends GatewayIntegrationTest {

    private static final String OPENAI_BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String ANTHROPIC_BODY = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void keysOfTwoProductsInOneRequestAre401NotAGuess() {
        HttpResponse<String> openAi = send("/v1/chat/completions", OPENAI_BODY, "Authorization", "Bearer " + KEY, "x-api-key", "other-key");
        assertThat(openAi.statusCode()).isEqualTo(401);
        JsonNode error = Json.parseUpstream(openAi.body()).path("error");
        assertThat(error.path("code").stringValue()).isEqualTo("invalid_api_key");
        assertThat(error.path("message").stringValue()).contains("different products");

        HttpResponse<String> anthropic = send("/v1/messages", ANTHROPIC_BODY, "Authorization", "Bearer other-key", "x-api-key", KEY);
        assertThat(anthropic.statusCode()).isEqualTo(401);
        assertThat(Json.parseUpstream(anthropic.body()).path("error").path("type").stringValue()).isEqualTo("authentication_error");

        HttpResponse<String> oneUnknown = send("/v1/messages", ANTHROPIC_BODY, "Authorization", "Bearer " + KEY, "x-api-key", "nope");
        assertThat(oneUnknown.statusCode()).isEqualTo(401);

        HttpResponse<String> models = fetch("/v1/models", "Authorization", "Bearer " + KEY, "x-api-key", "other-key");
        assertThat(models.statusCode()).isEqualTo(401);
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void theSameKeyInBothHeadersIsFine() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));
        assertThat(send("/v1/chat/completions", OPENAI_BODY, "Authorization", "Bearer " + KEY, "x-api-key", KEY).statusCode()).isEqualTo(200);
        assertThat(send("/v1/messages", ANTHROPIC_BODY, "Authorization", "Bearer " + KEY, "x-api-key", KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void deeplyNestedJsonIs400InvalidJsonNamingTheDepth() {
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        HttpResponse<String> openAi = send("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"metadata\":" + deep + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + KEY);
        assertThat(openAi.statusCode()).isEqualTo(400);
        JsonNode error = Json.parseUpstream(openAi.body()).path("error");
        assertThat(error.path("code").stringValue()).isEqualTo("invalid_json");
        assertThat(error.path("message").stringValue()).containsIgnoringCase("nesting depth");

        HttpResponse<String> anthropic = send("/v1/messages",
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":" + deep + "}]}",
                "x-api-key", KEY);
        assertThat(anthropic.statusCode()).isEqualTo(400);
        assertThat(Json.parseUpstream(anthropic.body()).path("error").path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
