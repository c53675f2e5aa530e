package io.aigw.gateway.route;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.audit.AuditLines;
import io.aigw.gateway.audit.AuditProperties;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/embeddings} and Anthropic {@code POST /v1/messages/count_tokens} on the configured
 * routes ({@code ChatProtocol=...,embeddings} / {@code count-tokens}), and 404 in the caller's protocol
 * for the API paths no route serves. Embeddings answers carry no label: they are vectors, not content
 * shown to people.
 */
class EmbeddingsAndCountTokensIntegrationTest extends GatewayIntegrationTest {

    /** OpenAI's documented embeddings answer (platform.openai.com/docs/api-reference/embeddings/object). */
    static final String EMBEDDINGS = """
            {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0023064255,-0.009327292,0.015797347]}],
             "model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}""";

    @Autowired
    AuditWriter auditWriter;
    @Autowired
    AuditProperties auditProperties;

    private void stubEmbeddings() {
        UPSTREAM.stubFor(post("/v1/embeddings").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(EMBEDDINGS)));
    }

    @Test
    void theSdkGetsTheUpstreamsVectorsUnlabeledAndTheExchangeIsAudited() {
        stubEmbeddings();
        var sdk = OpenAIOkHttpClient.builder().baseUrl(gatewayUrl("/v1")).apiKey(KEY).maxRetries(0).build();

        CreateEmbeddingResponse response = sdk.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").input("你好，世界").build());

        assertThat(response.data().get(0).embedding()).containsExactly(0.0023064255f, -0.009327292f, 0.015797347f);
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/v1/embeddings"))
                .withHeader("Authorization", equalTo("Bearer sk-upstream-openai"))
                .withRequestBody(equalToJson("{\"model\":\"text-embedding-3-small\",\"input\":\"你好，世界\"}", true, true)));

        String id = "emb-" + UUID.randomUUID();
        HttpResponse<String> raw = send("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}",
                "Authorization", "Bearer " + KEY, "X-Request-Id", id);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).isEqualTo(EMBEDDINGS);
        assertThat(raw.headers().firstValue("AIGC")).isEmpty();
        JsonNode line = new AuditLines(auditWriter, auditProperties).theLineOf(id);
        assertThat(line.path("product").stringValue()).isEqualTo("test-app");
        assertThat(line.path("model").stringValue()).isEqualTo("text-embedding-3-small");
        assertThat(line.path("outcome").stringValue()).isEqualTo("served");
        assertThat(line.path("license").path("decision").stringValue()).isEqualTo("allow");
        assertThat(line.path("prompt").path("outcome").stringValue()).isEqualTo("allow");
        assertThat(line.path("generated").asBoolean(false)).as(line.toString()).isFalse();
        // The usage the upstream reported (embeddings have prompt tokens only).
        assertThat(line.path("usage").path("prompt_tokens").longValue()).as(line.toString()).isEqualTo(8);
    }

    @Test
    void thePromptPolicyReadsEveryInputString() {
        stubEmbeddings();
        HttpResponse<String> blocked = send("/v1/embeddings",
                "{\"model\":\"text-embedding-3-small\",\"input\":[\"fine\",\"a forbiddenword\"]}", "Authorization", "Bearer " + KEY);
        assertThat(blocked.statusCode()).isEqualTo(400);
        assertThat(Json.parseUpstream(blocked.body()).path("error").path("code").stringValue()).isEqualTo("content_policy_violation");
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));

        HttpResponse<String> masked = send("/v1/embeddings",
                "{\"model\":\"text-embedding-3-small\",\"input\":[\"fine\",\"the secretcode\"],\"dimensions\":3}",
                "Authorization", "Bearer " + KEY);
        assertThat(masked.statusCode()).isEqualTo(200);
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/v1/embeddings")).withRequestBody(equalToJson(
                "{\"model\":\"text-embedding-3-small\",\"input\":[\"fine\",\"the **********\"],\"dimensions\":3}")));
    }

    @Test
    void tokenIdsCannotBeReadByThePromptPolicyAndAreRefused() {
        for (String input : List.of("[1,2,3]", "[[1,2],[3]]")) {
            HttpResponse<String> response = send("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":" + input + "}",
                    "Authorization", "Bearer " + KEY);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Json.parseUpstream(response.body()).path("error").path("message").stringValue()).contains("token ids");
        }
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void keyLicenseAndShapeAreChecked() {
        assertThat(send("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}").statusCode()).isEqualTo(401);
        // other-key's license covers gpt-* only.
        HttpResponse<String> denied = send("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}",
                "Authorization", "Bearer other-key");
        assertThat(denied.statusCode()).isEqualTo(403);
        for (String body : List.of("{\"model\":\"m\"}", "{\"input\":\"x\"}", "{\"model\":\"m\",\"input\":[]}",
                "{\"model\":\"m\",\"input\":[\"a\",1]}", "{\"model\":\"m\",\"input\":\"x\",\"input\":\"y\"}", "{\"model\":")) {
            HttpResponse<String> bad = send("/v1/embeddings", body, "Authorization", "Bearer " + KEY);
            assertThat(bad.statusCode()).as(body).isEqualTo(400);
            assertThat(Json.parseUpstream(bad.body()).path("error").path("type").stringValue()).isEqualTo("invalid_request_error");
        }
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void countTokensIsPassedOnWithTheUpstreamsKey() {
        UPSTREAM.stubFor(post("/v1/messages/count_tokens").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"input_tokens\":14}")));
        var sdk = AnthropicOkHttpClient.builder().baseUrl(gatewayUrl("")).apiKey(KEY).maxRetries(0).build();

        MessageTokensCount count = sdk.messages().countTokens(MessageCountTokensParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("Hello, world").build());

        assertThat(count.inputTokens()).isEqualTo(14);
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/v1/messages/count_tokens"))
                .withHeader("x-api-key", equalTo("sk-upstream-anthropic"))
                .withHeader("anthropic-version", matching("\\d{4}-\\d{2}-\\d{2}")) // the SDK's own, forwarded
                .withRequestBody(equalToJson("{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world\"}]}")));

        HttpResponse<String> unauthenticated = send("/v1/messages/count_tokens",
                "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}", "anthropic-version", "2023-06-01");
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(Json.parseUpstream(unauthenticated.body()).path("error").path("type").stringValue()).isEqualTo("authentication_error");
        HttpResponse<String> denied = send("/v1/messages/count_tokens",
                "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}", "x-api-key", "other-key");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(Json.parseUpstream(denied.body()).path("error").path("type").stringValue()).isEqualTo("permission_error");
    }

    @Test
    void otherApiPathsAre404InTheCallersProtocol() {
        var openAi = OpenAIOkHttpClient.builder().baseUrl(gatewayUrl("/v1")).apiKey(KEY).maxRetries(0).build();
        assertThatThrownBy(() -> openAi.completions().create(com.openai.models.completions.CompletionCreateParams.builder()
                .model(com.openai.models.completions.CompletionCreateParams.Model.GPT_3_5_TURBO_INSTRUCT).prompt("hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).hasValue("unknown_url"));
        for (String path : List.of("/v1/completions", "/v1/audio/speech", "/v1/images/generations", "/v1/files")) {
            HttpResponse<String> response = send(path, "{}", "Authorization", "Bearer " + KEY);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(Json.parseUpstream(response.body()).path("error").path("code").stringValue()).isEqualTo("unknown_url");
        }
        HttpResponse<String> batches = send("/v1/messages/batches", "{}", "x-api-key", KEY, "anthropic-version", "2023-06-01");
        assertThat(batches.statusCode()).isEqualTo(404);
        JsonNode anthropic = Json.parseUpstream(batches.body());
        assertThat(anthropic.path("type").stringValue()).isEqualTo("error");
        assertThat(anthropic.path("error").path("type").stringValue()).isEqualTo("not_found_error");
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));
    }
}
