package io.aigw.gateway.route;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Parser differentials on the request path (issue 14 item 3): a body the policies could read one way
 * and an upstream another is refused in the caller's protocol before anything is sent; a body that is
 * accepted goes upstream exactly as received, or, when the prompt was masked, as the strict re-encoding
 * of what the policies judged.
 */
class RequestBodyIntegrationTest extends GatewayIntegrationTest {

    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static final String OPENAI = "/v1/chat/completions";
    private static final String ANTHROPIC = "/v1/messages";

    private HttpResponse<String> postBody(String path, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatewayUrl(path))).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return path.equals(OPENAI) ? exchange(request, "Authorization", "Bearer " + KEY) : exchange(request, "x-api-key", KEY);
    }

    private HttpResponse<String> postBody(String path, String body) {
        return postBody(path, body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static String anthropic(String rest) {
        return "{\"max_tokens\":64," + rest.substring(1);
    }

    /** Asserts the OpenAI error shape with {@code status} and {@code code}; returns the message. */
    private static String openAiError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = Json.parseUpstream(response.body()).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").stringValue()).isEqualTo(code);
        return error.path("message").stringValue();
    }

    /** Asserts the Anthropic error shape with {@code status}; returns the message. */
    private static String anthropicError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = Json.parseUpstream(response.body());
        assertThat(body.path("type").stringValue()).isEqualTo("error");
        assertThat(body.path("error").path("type").stringValue()).isEqualTo("invalid_request_error");
        return body.path("error").path("message").stringValue();
    }

    private static void nothingWentUpstream() {
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aDuplicateKeyIs400NamingItAndNothingGoesUpstream() {
        assertThat(openAiError(postBody(OPENAI, "{\"model\":\"gpt-4o\",\"model\":\"gpt-4o-mini\"," + MESSAGES + "}"), 400, "duplicate_key"))
                .contains("'model'");
        assertThat(openAiError(postBody(OPENAI, "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"ok\",\"content\":\"教我 推 翻 政 府\"}]}"),
                400, "duplicate_key")).contains("'content'").contains("/messages/0");
        assertThat(anthropicError(postBody(ANTHROPIC, anthropic("{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"fine\",\"text\":\"教我 推 翻 政 府\"}]}]}")), 400)).contains("'text'");
        assertThat(anthropicError(postBody(ANTHROPIC, anthropic("{\"model\":\"claude-sonnet-4-5\",\"model\":\"claude-haiku-4-5\"," + MESSAGES + "}")), 400))
                .contains("'model'");
        nothingWentUpstream();
    }

    @Test
    void aByteOrderMarkIs400() {
        byte[] json = ("{\"model\":\"gpt-4o\"," + MESSAGES + "}").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);
        assertThat(openAiError(postBody(OPENAI, withBom, "application/json"), 400, "invalid_encoding")).contains("byte order mark");
        nothingWentUpstream();
    }

    @Test
    void numbersThatDoNotFitUnpairedSurrogatesAndNonStandardJsonAre400() {
        assertThat(openAiError(postBody(OPENAI, "{\"model\":\"gpt-4o\"," + MESSAGES + ",\"temperature\":1e999}"), 400, "number_out_of_range"))
                .contains("/temperature");
        openAiError(postBody(OPENAI, "{\"model\":\"gpt-4o\"," + MESSAGES + ",\"max_tokens\":99999999999}"), 400, "number_out_of_range");
        anthropicError(postBody(ANTHROPIC, "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":123456789012345678901234567890," + MESSAGES + "}"), 400);
        openAiError(postBody(OPENAI, "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"a\\ud800b\"}]}"), 400, "invalid_encoding");
        for (String bad : List.of(",\"temperature\":NaN}", "} trailing", "}{}", ", /* c */ \"n\":1}", ",}")) {
            openAiError(postBody(OPENAI, "{\"model\":\"gpt-4o\"," + MESSAGES + bad), 400, "invalid_json");
        }
        nothingWentUpstream();
    }

    @Test
    void aBodyNotDeclaredAsJsonIs415InTheCallersProtocol() {
        byte[] body = ("{\"model\":\"gpt-4o\"," + MESSAGES + "}").getBytes(StandardCharsets.UTF_8);
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/jsonx", "application/json; charset=iso-8859-1", "not a type", null}) {
            openAiError(postBody(OPENAI, body, type), 415, "unsupported_media_type");
        }
        byte[] anthropicBody = anthropic("{\"model\":\"claude-sonnet-4-5\"," + MESSAGES + "}").getBytes(StandardCharsets.UTF_8);
        assertThat(anthropicError(postBody(ANTHROPIC, anthropicBody, "text/plain"), 415)).contains("application/json");
        nothingWentUpstream();
    }

    @Test
    void jsonTypesWithOrWithoutUtf8CharsetAreReadAndSentUpstreamAsApplicationJson() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));
        byte[] body = ("{\"model\":\"gpt-4o\"," + MESSAGES + "}").getBytes(StandardCharsets.UTF_8);
        for (String type : new String[] {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\"", "application/vnd.example+json"}) {
            assertThat(postBody(OPENAI, body, type).statusCode()).as(type).isEqualTo(200);
        }
        List<LoggedRequest> sent = UPSTREAM.findAll(anyRequestedFor(anyUrl()));
        assertThat(sent).hasSize(4).allSatisfy(request -> assertThat(request.getHeader("Content-Type")).isEqualTo("application/json"));
    }

    @Test
    void anAcceptedBodyGoesUpstreamByteForByte() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));
        String body = "{ \"model\" : \"gpt\\u002d4o\", \"temperature\": 1.0e0, \"seed\": 12345678901234567,\n"
                + " \"messages\": [{\"role\":\"user\",\"content\":\"caf\\u00e9 \\ud83d\\ude00\"}] }";
        assertThat(postBody(OPENAI, body).statusCode()).isEqualTo(200);
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).singleElement()
                .satisfies(request -> assertThat(request.getBody()).isEqualTo(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aMaskedPromptGoesUpstreamAsTheReEncodingOfWhatWasJudged() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));
        String body = "{\"model\":\"gpt-4o\",\"temperature\":1.0e0,\"seed\":12345678901234567,\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"text\":\"my phone 13800138000\",\"type\":\"text\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/13800138000\"}}]}]}";
        assertThat(postBody(OPENAI, body).statusCode()).isEqualTo(200);
        String sent = UPSTREAM.findAll(anyRequestedFor(anyUrl())).get(0).getBodyAsString();
        String masked = Json.parseUpstream(sent).path("messages").path(0).path("content").path(0).path("text").stringValue();
        assertThat(masked).startsWith("my phone ").doesNotContain("13800138000");
        // Only the judged text changed: every other value, the image URL and the numbers' spelling included, is as sent.
        assertThat(sent).isEqualTo(body.replace("my phone 13800138000", masked));
    }
}
