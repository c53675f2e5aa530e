package io.aigw.gateway.route;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.TestRoutes;
import tools.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class AnthropicProxyIntegrationTest extends GatewayIntegrationTest {

    /** The default explicit label as the prefix of the answer. */
    static final String LABEL = LabelConfig.DEFAULT_ZH_CN + "\n\n";

    static final String MESSAGE = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
             "content":[{"type":"text","text":"你好，这是回答。"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":4,"output_tokens":6}}""";

    private AnthropicClient sdk() {
        return AnthropicOkHttpClient.builder().baseUrl(gatewayUrl("")).apiKey(KEY).maxRetries(0).build();
    }

    private static MessageCreateParams params() {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(256).addUserMessage("你好").build();
    }

    @Test
    void sdkGetsTheUpstreamAnswerAndTheUpstreamGetsItsOwnKey() {
        UPSTREAM.stubFor(post("/v1/messages").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(MESSAGE)));

        Message message = sdk().messages().create(params());

        assertThat(message.content().get(0).text()).hasValueSatisfying(t -> assertThat(t.text()).isEqualTo(LABEL + "你好，这是回答。"));
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("x-api-key", equalTo("sk-upstream-anthropic"))
                .withHeader("Authorization", absent())
                .withHeader("anthropic-version", matching("\\d{4}-\\d{2}-\\d{2}")));
    }

    @Test
    void aMissingAnthropicVersionGetsTheDefault() {
        UPSTREAM.stubFor(post("/v1/messages").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(MESSAGE)));

        HttpResponse<String> response = send("/v1/messages",
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        // Everything but the label's own additions is the upstream's answer.
        ObjectNode labeled = (ObjectNode) Json.parseUpstream(response.body());
        assertThat(labeled.remove("aigc")).isNotNull();
        ObjectNode block = (ObjectNode) labeled.path("content").get(0);
        assertThat(block.path("text").stringValue()).startsWith(LABEL);
        block.put("text", block.path("text").stringValue().substring(LABEL.length()));
        assertThat(labeled).isEqualTo(Json.parseUpstream(MESSAGE));
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/v1/messages")).withHeader("anthropic-version", equalTo("2023-06-01")));
    }

    @Test
    void sdkStreamsTheUpstreamEvents() {
        UPSTREAM.stubFor(post("/v1/messages").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(transcript("anthropic-stream.sse"))
                .withChunkedDribbleDelay(33, 200)));

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = sdk().messages().createStreaming(params())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();
        assertThat(message.content().get(0).text()).hasValueSatisfying(t -> assertThat(t.text())
                .isEqualTo(LABEL + "你好，这是由模型生成的回答。 Hello there, naïve café ☕."));
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
    }

    @Test
    void withoutPolicyStagesTheStreamIsByteForByteTheUpstreams() {
        String upstream = transcript("anthropic-stream.sse");
        UPSTREAM.stubFor(post("/v1/messages").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(upstream).withChunkedDribbleDelay(61, 300)));

        HttpResponse<String> response = send(TestRoutes.ANTHROPIC,
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", KEY, "anthropic-version", "2023-06-01");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(upstream);
    }
}
