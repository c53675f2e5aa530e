package io.aigw.gateway.route;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.RawHttp;
import io.aigw.gateway.audit.AuditLines;
import io.aigw.gateway.audit.AuditProperties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14 item 5: two {@code Authorization} or two {@code x-api-key} headers are refused with 401 in
 * the caller's protocol and audited like any other refused key, whichever of the two is valid; nothing
 * goes upstream.
 */
class DuplicateCredentialsIntegrationTest extends GatewayIntegrationTest {

    private static final String BODY = "{\"model\":\"gpt-4o\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Autowired
    AuditWriter auditWriter;

    @Autowired
    AuditProperties auditProperties;

    private RawHttp.Response postWith(String path, String id, String... headerLines) {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nX-Request-Id: " + id + "\r\nContent-Length: " + BODY.length() + "\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return RawHttp.exchange(port, request.append("\r\n").append(BODY).toString());
    }

    @Test
    void twoAuthorizationHeadersAre401InOpenAiShapeAndAudited() {
        for (String[] order : new String[][] {{"wrong", KEY}, {KEY, "wrong"}, {KEY, KEY}}) {
            String id = "dup-" + UUID.randomUUID();
            RawHttp.Response response = postWith("/v1/chat/completions", id,
                    "Authorization: Bearer " + order[0], "Authorization: Bearer " + order[1]);
            assertThat(response.status()).as(response.toString()).isEqualTo(401);
            JsonNode error = Json.parseUpstream(response.body()).path("error");
            assertThat(error.path("code").stringValue()).isEqualTo("invalid_api_key");
            assertThat(error.path("message").stringValue()).contains("more than one Authorization header");
            JsonNode line = new AuditLines(auditWriter, auditProperties).theLineOf(id);
            assertThat(line.path("outcome").stringValue()).isEqualTo("denied");
            assertThat(line.path("product").isNull()).isTrue();
        }
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void twoApiKeyHeadersAre401InAnthropicShape() {
        String id = "dup-" + UUID.randomUUID();
        RawHttp.Response response = postWith("/v1/messages", id, "x-api-key: " + KEY, "x-api-key: other",
                "anthropic-version: 2023-06-01");
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        JsonNode body = Json.parseUpstream(response.body());
        assertThat(body.path("type").stringValue()).isEqualTo("error");
        assertThat(body.path("error").path("type").stringValue()).isEqualTo("authentication_error");
        assertThat(new AuditLines(auditWriter, auditProperties).theLineOf(id).path("outcome").stringValue()).isEqualTo("denied");
        UPSTREAM.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void twoAuthorizationHeadersCannotListModels() {
        RawHttp.Response response = RawHttp.get(port, "/v1/models", "Authorization: Bearer " + KEY, "Authorization: Bearer " + KEY);
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
    }
}
