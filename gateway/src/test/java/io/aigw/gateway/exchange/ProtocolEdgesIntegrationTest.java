package io.aigw.gateway.exchange;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.RawHttp;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14 item 9: unknown paths answer 404 in the caller's protocol; {@code /aigc/verify} over its
 * limit answers 413 JSON; an HTTP/1.0 client gets an answer HTTP/1.0 can read (never chunked).
 */
class ProtocolEdgesIntegrationTest extends GatewayIntegrationTest {

    private static final String STREAM_BODY = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void unknownPathsAre404InOpenAiShapeByDefault() {
        for (String path : new String[] {"/v1/foo", "/v2/x", "/", "/v1/chat/completions/x", "/admin/report"}) {
            HttpResponse<String> response = fetch(path, "Authorization", "Bearer " + KEY);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode error = Json.parseUpstream(response.body()).path("error");
            assertThat(error.path("type").stringValue()).as(response.body()).isEqualTo("invalid_request_error");
            assertThat(error.path("code").stringValue()).isEqualTo("unknown_url");
            assertThat(error.path("message").stringValue()).contains(path);
        }
        // GET on a POST-only chat route: no route matches either.
        assertThat(fetch("/v1/chat/completions").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownPathsAre404InAnthropicShapeWhenTheRequestLooksAnthropic() {
        String[][] requests = {{"/v1/messages/batches", "x", "y"}, {"/v1/foo", "anthropic-version", "2023-06-01"},
            {"/v2/x", "x-api-key", KEY}};
        for (String[] request : requests) {
            HttpResponse<String> response = fetch(request[0], request[1], request[2]);
            assertThat(response.statusCode()).as(request[0]).isEqualTo(404);
            JsonNode body = Json.parseUpstream(response.body());
            assertThat(body.path("type").stringValue()).as(response.body()).isEqualTo("error");
            assertThat(body.path("error").path("type").stringValue()).isEqualTo("not_found_error");
        }
    }

    @Test
    void sdksPointedAtAWrongBaseUrlReportANotFoundError() {
        var openAi = OpenAIOkHttpClient.builder().baseUrl(gatewayUrl("/v2")).apiKey(KEY).maxRetries(0).build();
        assertThatThrownBy(() -> openAi.chat().completions().create(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").build()))
                .isInstanceOf(com.openai.errors.NotFoundException.class).hasMessageContaining("Invalid URL");
        var anthropic = AnthropicOkHttpClient.builder().baseUrl(gatewayUrl("/nope")).apiKey(KEY).maxRetries(0).build();
        assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(16).addUserMessage("hi").build()))
                .isInstanceOf(com.anthropic.errors.NotFoundException.class).hasMessageContaining("Invalid URL");
    }

    @Test
    void aVerifyBodyOverTheLimitIs413Json() {
        byte[] big = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        HttpResponse<String> sized = send("/aigc/verify", HttpRequest.BodyPublishers.ofByteArray(big));
        assertThat(sized.statusCode()).isEqualTo(413);
        assertThat(Json.parseUpstream(sized.body()).path("error").stringValue()).contains("larger than");
        // Without a Content-Length (chunked): cut off at the limit while reading.
        HttpResponse<String> chunked = send("/aigc/verify",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(Json.parseUpstream(chunked.body()).path("error").stringValue()).contains("larger than");
    }

    @Test
    void anHttp10StreamingClientGetsACloseDelimitedAnswerNotAChunkedOne() {
        String upstream = transcript("openai-stream.sse");
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(upstream)));
        for (String connection : new String[] {"", "Connection: keep-alive\r\n"}) {
            RawHttp.Response response = RawHttp.exchange(port, "POST /v1/chat/completions HTTP/1.0\r\nHost: x\r\n" + connection
                    + "Authorization: Bearer " + KEY + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + STREAM_BODY.length() + "\r\n\r\n" + STREAM_BODY);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.hasHeader("transfer-encoding")).as(response.head()).isFalse();
            assertThat(response.body()).as("the events themselves, no chunk sizes").startsWith("data: {")
                    .contains("chat.completion.chunk").endsWith("data: [DONE]\n\n");
        }
        // HTTP/1.1 clients still get a chunked stream (the connection stays usable).
        RawHttp.Response http11 = RawHttp.exchange(port, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Authorization: Bearer " + KEY + "\r\nContent-Type: application/json\r\nContent-Length: "
                + STREAM_BODY.length() + "\r\n\r\n" + STREAM_BODY);
        assertThat(http11.hasHeader("transfer-encoding")).as(http11.head()).isTrue();
    }
}
