package io.aigw.gateway.license;

import static org.assertj.core.api.Assertions.assertThat;

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
}
