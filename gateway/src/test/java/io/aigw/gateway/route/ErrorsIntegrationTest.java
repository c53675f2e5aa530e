package io.aigw.gateway.route;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.TestRoutes;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The error table of docs/contract.md ("Errors"), in each protocol, and what reaches (or never reaches) the upstream. */
class ErrorsIntegrationTest extends GatewayIntegrationTest {

    private static final String OPENAI_BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String ANTHROPIC_BODY = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static JsonNode json(HttpResponse<String> response) {
        return Json.parseUpstream(response.body());
    }

    private static void assertOpenAiError(HttpResponse<String> response, int status, String type, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode error = json(response).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo(type);
        assertThat(error.path("code").stringValue()).isEqualTo(code);
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("message").stringValue()).isNotBlank();
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }

    private static void assertAnthropicError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.path("type").stringValue()).isEqualTo("error");
        assertThat(body.path("error").path("type").stringValue()).isEqualTo(type);
        assertThat(body.path("error").path("message").stringValue()).isNotBlank();
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }

    private void assertUpstreamNeverCalled() {
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void missingOrUnknownKeysGet401InTheCallersProtocol() {
        assertOpenAiError(send("/v1/chat/completions", OPENAI_BODY), 401, "invalid_request_error", "invalid_api_key");
        assertOpenAiError(send("/v1/chat/completions", OPENAI_BODY, "Authorization", "Bearer nope"), 401, "invalid_request_error", "invalid_api_key");
        assertAnthropicError(send("/v1/messages", ANTHROPIC_BODY), 401, "authentication_error");
        assertAnthropicError(send("/v1/messages", ANTHROPIC_BODY, "x-api-key", "nope"), 401, "authentication_error");
        assertUpstreamNeverCalled();
    }

    @Test
    void eitherKeyHeaderWorksOnEitherProtocol() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));
        assertThat(send("/v1/chat/completions", OPENAI_BODY, "x-api-key", KEY).statusCode()).isEqualTo(200);
        assertThat(send("/v1/messages", ANTHROPIC_BODY, "Authorization", "Bearer " + KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void sdkRaisesItsOwnUnauthorizedException() {
        var client = OpenAIOkHttpClient.builder().baseUrl(gatewayUrl("/v1")).apiKey("wrong").maxRetries(0).build();
        assertThatThrownBy(() -> client.chat().completions().create(
                        ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").build()))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.code()).contains("invalid_api_key");
                    assertThat(e.type()).contains("invalid_request_error");
                });
    }

    @Test
    void malformedJsonInvalidUtf8AndMissingFieldsGet400() {
        assertOpenAiError(send("/v1/chat/completions", "{\"model\":", "Authorization", "Bearer " + KEY), 400, "invalid_request_error", "invalid_json");
        assertAnthropicError(send("/v1/messages", "not json", "x-api-key", KEY), 400, "invalid_request_error");
        byte[] invalidUtf8 = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"\u00ff\"}]}".getBytes(StandardCharsets.ISO_8859_1);
        assertOpenAiError(send("/v1/chat/completions", HttpRequest.BodyPublishers.ofByteArray(invalidUtf8), "Authorization", "Bearer " + KEY),
                400, "invalid_request_error", "invalid_encoding");
        assertOpenAiError(send("/v1/chat/completions", "{\"messages\":[]}", "Authorization", "Bearer " + KEY),
                400, "invalid_request_error", "missing_required_field");
        assertUpstreamNeverCalled();
    }

    @Test
    void oversizedBodiesGet413WhetherDeclaredOrChunked() {
        byte[] big = ("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(100_000) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        assertOpenAiError(send("/v1/chat/completions", HttpRequest.BodyPublishers.ofByteArray(big), "Authorization", "Bearer " + KEY),
                413, "invalid_request_error", "request_too_large");
        HttpResponse<String> chunked = send("/v1/messages",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)), "x-api-key", KEY);
        assertAnthropicError(chunked, 413, "request_too_large");
        assertUpstreamNeverCalled();
    }

    @Test
    void upstreamTimeoutIs504() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withFixedDelay((int) TestRoutes.SHORT_TIMEOUT_MS * 3).withBody("{}")));
        assertOpenAiError(send(TestRoutes.OPENAI_SHORT_TIMEOUT, OPENAI_BODY, "Authorization", "Bearer " + KEY), 504, "api_error",
                "upstream_timeout");
    }

    @Test
    void upstreamConnectionFailuresAre502() {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        UPSTREAM.stubFor(post("/v1/messages").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        assertOpenAiError(send("/v1/chat/completions", OPENAI_BODY, "Authorization", "Bearer " + KEY), 502, "api_error", "upstream_unavailable");
        assertAnthropicError(send("/v1/messages", ANTHROPIC_BODY, "x-api-key", KEY), 502, "api_error");
    }

    @Test
    void upstreamErrorAnswersPassThroughUnchanged() {
        String body = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json").withBody(body)));
        HttpResponse<String> response = send("/v1/chat/completions", OPENAI_BODY, "Authorization", "Bearer " + KEY);
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void requestIdsAreEchoedOrGeneratedAndTheUpstreamsIsKeptApart() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withHeader("x-request-id", "req_upstream_1").withBody("{}")));
        HttpResponse<String> echoed = send("/v1/chat/completions", OPENAI_BODY, "Authorization", "Bearer " + KEY, "X-Request-Id", "client-42");
        assertThat(echoed.headers().allValues("X-Request-Id")).containsExactly("client-42");
        assertThat(echoed.headers().firstValue("X-Upstream-Request-Id")).contains("req_upstream_1");

        HttpResponse<String> generated = send("/v1/chat/completions", OPENAI_BODY, "Authorization", "Bearer " + KEY, "X-Request-Id", "bad id with spaces");
        assertThat(generated.headers().allValues("X-Request-Id")).singleElement().satisfies(id -> assertThat(id).startsWith("req_"));

        HttpResponse<String> notFound = send("/nowhere", "{}");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void anUpstreamEventThatIsNotJsonEndsTheStreamWithAnErrorEvent() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody("event: message_start\ndata: {\"type\":\"message_start\"}\n\nevent: content_block_delta\ndata: {oops\n\n")
                // In pieces, so that the first event reaches the client first; in one piece the answer is a 502.
                .withChunkedDribbleDelay(10, 100)));
        HttpResponse<String> response = send("/v1/messages", ANTHROPIC_BODY.replace("{\"model\"", "{\"stream\":true,\"model\""), "x-api-key", KEY);
        assertThat(response.body()).startsWith("event: message_start\ndata: {\"type\":\"message_start\"}\n\n");
        assertThat(response.body()).contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\"");
        assertThat(response.body()).doesNotContain("oops");
    }
}
