package io.aigw.gateway.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Fail closed: once the audit writer takes no more lines (here: closed, as after a disk failure or
 * at shutdown), chat requests get 503 in the caller's protocol and never reach the upstream. Its
 * own context, because it stops the writer.
 */
@TestPropertySource(properties = "aigw.audit.queue-capacity=1")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AuditFailClosedIntegrationTest extends GatewayIntegrationTest {

    @Autowired
    AuditWriter writer;

    @Test
    void withoutAuditCapacityTheGatewayAnswers503InTheCallersProtocol() {
        writer.close();
        assertThat(writer.tryReserve()).isEmpty();

        HttpResponse<String> openAi = send("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "Authorization", "Bearer " + KEY);
        assertThat(openAi.statusCode()).isEqualTo(503);
        JsonNode openAiError = Json.parseUpstream(openAi.body()).path("error");
        assertThat(openAiError.path("code").stringValue()).isEqualTo(ExchangeAuditor.UNAVAILABLE_CODE);
        assertThat(openAiError.path("message").stringValue()).contains("audit");

        HttpResponse<String> anthropic = send("/v1/messages",
                "{\"model\":\"claude\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", KEY);
        assertThat(anthropic.statusCode()).isEqualTo(503);
        JsonNode anthropicBody = Json.parseUpstream(anthropic.body());
        assertThat(anthropicBody.path("type").stringValue()).isEqualTo("error");
        assertThat(anthropicBody.path("error").path("type").stringValue()).isEqualTo("overloaded_error");

        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        assertThat(writer.counters().rejected()).isGreaterThanOrEqualTo(3);
    }
}
