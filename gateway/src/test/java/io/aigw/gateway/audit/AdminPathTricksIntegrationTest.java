package io.aigw.gateway.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.RawHttp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 1 on the shared context (admin token set, default {@code aigw.admin.on-api-port=false}):
 * no spelling of an admin path gets an admin answer without the token, on either port; on the API port
 * the admin endpoints do not exist even with the token; the public endpoints keep their own
 * authentication whatever the spelling.
 */
class AdminPathTricksIntegrationTest extends GatewayIntegrationTest {

    @Test
    void theManagementPortServesAdminOnlyWithTheToken() {
        RawHttp.Response report = RawHttp.get(managementPort, "/admin/report", "Authorization: Bearer " + ADMIN_TOKEN);
        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        assertThat(report.body()).contains("\"products\"");
        // A spelling the router decodes to the same route reaches the same handler, through the same check.
        RawHttp.Response encoded = RawHttp.get(managementPort, "/%61dmin/report", "Authorization: Bearer " + ADMIN_TOKEN);
        assertThat(encoded.status()).as(encoded.toString()).isEqualTo(200);
    }

    @Test
    void noSpellingGetsAnAdminAnswerWithoutTheTokenOnTheManagementPort() {
        AdminPathTricks.assertNoAdminAnswer(AdminPathTricks.attempt(managementPort), 400, 401, 404);
        AdminPathTricks.assertNoAdminAnswer(AdminPathTricks.attempt(managementPort, "Authorization: Bearer wrong"), 400, 401, 404);
        AdminPathTricks.assertNoAdminAnswer(AdminPathTricks.attempt(managementPort,
                "Authorization: Bearer wrong", "Authorization: Bearer " + ADMIN_TOKEN), 400, 401, 404);
    }

    @Test
    void theApiPortHasNoAdminEndpointsByDefaultEvenWithTheToken() {
        AdminPathTricks.assertNoAdminAnswer(AdminPathTricks.attempt(port), 400, 404);
        List<AdminPathTricks.Attempt> withToken = AdminPathTricks.attempt(port, "Authorization: Bearer " + ADMIN_TOKEN);
        AdminPathTricks.assertNoAdminAnswer(withToken, 400, 404);
        assertThat(withToken.get(2).target()).isEqualTo("/admin/report");
        assertThat(withToken.get(2).response().body()).as("an unknown path, in OpenAI's error shape")
                .contains("\"error\":{").contains("\"type\":\"invalid_request_error\"");
    }

    @Test
    void publicEndpointsKeepTheirAuthenticationWhateverTheSpelling() {
        for (String path : List.of("/v1/models", "/v1/%6dodels", "/v1/models;x=y", "/v1//models", "/V1/models", "/v1/models/",
                "/%76%31/models")) {
            for (int p : new int[] {port, managementPort}) {
                RawHttp.Response response = RawHttp.get(p, path);
                assertThat(response.status()).as(p + " " + path + " -> " + response).isIn(401, 404);
                assertThat(response.body()).as(p + " " + path).doesNotContain("\"object\":\"list\"");
            }
        }
        for (String path : List.of("/v1/chat/completions", "/v1/chat/%63ompletions", "/v1/chat/completions;x=y",
                "/v1//chat/completions", "/v1/messages", "/v1/%6dessages", "/v1/messages;a=b")) {
            String body = "{\"model\":\"gpt-4o\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            RawHttp.Response response = RawHttp.exchange(port, "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(response.status()).as(path + " -> " + response).isIn(401, 404);
        }
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));
        // The provenance endpoints are public: any spelling the router maps to them answers as they do.
        assertThat(RawHttp.get(port, "/.well-known/%61igc-keys").status()).isEqualTo(200);
        assertThat(RawHttp.get(port, "/.well-known/aigc-keys;x=y").body()).contains("\"keys\"");
    }
}
