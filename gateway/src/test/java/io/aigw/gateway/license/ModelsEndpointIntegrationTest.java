package io.aigw.gateway.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.models.ModelInfo;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.models.Model;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/models}: per product, answered by the gateway, never by an upstream. */
class ModelsEndpointIntegrationTest extends LicenseGatewayIntegrationTest {

    /** {@code aigw.license.models} in config/application.yml. */
    static final List<String> CONFIGURED = List.of("gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "claude-haiku-4-5",
            "deepseek-chat", "qwen-plus");

    private List<String> ids(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("object").stringValue()).isEqualTo("list");
        var ids = new ArrayList<String>();
        for (JsonNode model : body.path("data")) {
            assertThat(model.path("object").stringValue()).isEqualTo("model");
            assertThat(model.path("owned_by").stringValue()).isNotBlank();
            assertThat(model.path("created").isNumber()).isTrue();
            ids.add(model.path("id").stringValue());
        }
        return ids;
    }

    @Test
    void listsOnlyTheModelsTheCallersLicenseCovers() {
        assertThat(ids(fetch("/v1/models", "Authorization", "Bearer " + KEY))).containsExactlyElementsOf(CONFIGURED);
        assertThat(ids(fetch("/v1/models", "x-api-key", "other-key"))).containsExactly("gpt-4o", "gpt-4o-mini");
        assertUpstreamNeverCalled();
    }

    @Test
    void productsThatMayNotBeServedNowSeeNoModels() {
        assertThat(ids(fetch("/v1/models", "x-api-key", "suspended-key"))).isEmpty();
        assertThat(ids(fetch("/v1/models", "x-api-key", "expired-key"))).isEmpty();
    }

    @Test
    void missingOrUnknownKeysGet401InOpenAiShape() {
        for (HttpResponse<String> response : List.of(fetch("/v1/models"), fetch("/v1/models", "Authorization", "Bearer nope"))) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode error = json(response).path("error");
            assertThat(error.path("type").stringValue()).isEqualTo("invalid_request_error");
            assertThat(error.path("code").stringValue()).isEqualTo("invalid_api_key");
            assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        }
        assertUpstreamNeverCalled();
    }

    @Test
    void theOpenAiSdkReadsTheList() {
        var client = OpenAIOkHttpClient.builder().baseUrl(gatewayUrl("/v1")).apiKey("other-key").maxRetries(0).build();
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();
        assertThat(ids).containsExactly("gpt-4o", "gpt-4o-mini");
    }

    @Test
    void anAnthropicCallerGetsAnthropicsListShape() {
        HttpResponse<String> response = fetch("/v1/models", "x-api-key", "other-key", "anthropic-version", "2023-06-01");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("has_more").booleanValue()).isFalse();
        assertThat(body.path("first_id").stringValue()).isEqualTo("gpt-4o");
        assertThat(body.path("last_id").stringValue()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("data")).hasSize(2);
        JsonNode first = body.path("data").path(0);
        assertThat(first.path("type").stringValue()).isEqualTo("model");
        assertThat(first.path("display_name").stringValue()).isEqualTo("gpt-4o");
        assertThat(first.path("created_at").stringValue()).isNotBlank();

        HttpResponse<String> one = fetch("/v1/models/gpt-4o", "x-api-key", "other-key", "anthropic-version", "2023-06-01");
        assertThat(json(one).path("display_name").stringValue()).as(one.body()).isEqualTo("gpt-4o");
        assertThat(json(one).path("type").stringValue()).isEqualTo("model");

        var client = AnthropicOkHttpClient.builder().baseUrl(gatewayUrl("")).apiKey(KEY).maxRetries(0).build();
        List<String> ids = client.models().list().data().stream().map(ModelInfo::id).toList();
        assertThat(ids).containsExactlyElementsOf(CONFIGURED);
        assertThat(client.models().retrieve("claude-sonnet-4-5").displayName()).isEqualTo("claude-sonnet-4-5");
        assertThatThrownBy(() -> client.models().retrieve("not-a-model")).isInstanceOf(NotFoundException.class);

        HttpResponse<String> unauthenticated = fetch("/v1/models", "x-api-key", "nope", "anthropic-version", "2023-06-01");
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(json(unauthenticated).path("error").path("type").stringValue()).isEqualTo("authentication_error");
        assertUpstreamNeverCalled();
    }
}
