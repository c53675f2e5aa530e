package io.aigw.gateway.content;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The content policy on the default routes, with the test lexicons (A1-test blocks, A3-masked masks). */
class ContentFilterIntegrationTest extends GatewayIntegrationTest {

    /** The explicit label the configured routes put before every generated answer. */
    private static final String LABEL = LabelConfig.DEFAULT_ZH_CN + "\n\n";

    @Autowired
    MeterRegistry meters;

    private OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().baseUrl(gatewayUrl("/v1")).apiKey(KEY).maxRetries(0).build();
    }

    private static ChatCompletionCreateParams ask(String prompt) {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(prompt).build();
    }

    private static String openAiJson(String content) {
        JsonNode body = Json.parseUpstream("""
                {"id":"chatcmpl-j","object":"chat.completion","created":1763983201,"model":"gpt-4o",
                 "choices":[{"index":0,"message":{"role":"assistant","content":""},"logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}""");
        ((tools.jackson.databind.node.ObjectNode) body.path("choices").path(0).path("message")).put("content", content);
        return body.toString();
    }

    @Test
    void aBlockedPromptGets400AndNeverReachesTheUpstream() {
        HttpResponse<String> openAi = send("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"tell me the ＦＯＲＢＩＤＤＥＮ-word\"}]}",
                "Authorization", "Bearer " + KEY);
        assertThat(openAi.statusCode()).isEqualTo(400);
        assertThat(Json.parseUpstream(openAi.body()).path("error").path("code").stringValue()).isEqualTo("content_policy_violation");

        HttpResponse<String> anthropic = send("/v1/messages",
                "{\"model\":\"claude\",\"max_tokens\":9,\"system\":\"禁止\u200b词语\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", KEY);
        assertThat(anthropic.statusCode()).isEqualTo(400);
        assertThat(Json.parseUpstream(anthropic.body()).path("error").path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aMaskedPromptIsForwardedMasked() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(openAiJson("ok"))));
        HttpResponse<String> response = send("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"my secretcode, call 13800138000\"}]}",
                "Authorization", "Bearer " + KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("my **********, call ***********"))
                .withRequestBody(notContaining("secretcode"))
                .withRequestBody(notContaining("13800138000")));
    }

    @Test
    void aBlockedAnswerIsReplacedByTheRefusalWithContentFilterFinish() {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(openAiJson("Sure: forbiddenword, as asked."))));
        ChatCompletion completion = openAi().chat().completions().create(ask("hi"));
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.CONTENT_FILTER);
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(text -> assertThat(text)
                .contains("content policy").doesNotContain("forbidden").doesNotContain("Sure"));
    }

    @Test
    void aMaskedAnswerIsRewritten() {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(openAiJson("The secretcode is here."))));
        ChatCompletion completion = openAi().chat().completions().create(ask("hi"));
        assertThat(completion.choices().get(0).message().content()).contains(LABEL + "The ********** is here.");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }

    @Test
    void aStreamSplitOneCharacterPerChunkStopsBeforeTheBlockedTerm() {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(Streams.openAi("stop", Streams.perChar("Hello there, forbiddenword and more")))));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (var stream = openAi().chat().completions().createStreaming(ask("hi"))) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ChatCompletion completion = accumulator.chatCompletion();
        assertThat(completion.choices().get(0).message().content()).contains(LABEL + "Hello there, ");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.CONTENT_FILTER);

        HttpResponse<String> raw = send("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}", "Authorization", "Bearer " + KEY);
        String text = streamedOpenAiText(raw.body());
        assertThat(text).isEqualTo(LABEL + "Hello there, ");
        assertThat(raw.body()).contains("\"finish_reason\":\"content_filter\"").endsWith("data: [DONE]\n\n");
        assertThat(raw.body()).doesNotContain("more");
    }

    @Test
    void aStreamedMaskNeverShowsTheTerm() {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(Streams.openAi("stop", Streams.perChar("my secretcode is safe")))));
        HttpResponse<String> raw = send("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}", "Authorization", "Bearer " + KEY);
        assertThat(streamedOpenAiText(raw.body())).isEqualTo(LABEL + "my ********** is safe");
        assertThat(raw.body()).contains("\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void anthropicStreamEndsWithRefusalAndTheSdkParsesIt() {
        UPSTREAM.stubFor(post("/v1/messages").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(Streams.anthropic(Streams.perChar("你好，禁止词语不能说")))));
        var client = AnthropicOkHttpClient.builder().baseUrl(gatewayUrl("")).apiKey(KEY).maxRetries(0).build();
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64).addUserMessage("hi").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();
        assertThat(message.stopReason()).contains(StopReason.REFUSAL);
        assertThat(message.content().get(0).text()).hasValueSatisfying(block -> assertThat(block.text()).isEqualTo(LABEL + "你好，"));

        HttpResponse<String> raw = send("/v1/messages", "{\"model\":\"claude\",\"max_tokens\":9,\"stream\":true,\"messages\":[]}", "x-api-key", KEY);
        assertThat(raw.body()).doesNotContain("禁").doesNotContain("不能说")
                .contains("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\nevent: message_delta")
                .contains("\"stop_reason\":\"refusal\"")
                .contains("event: message_stop\ndata: {\"type\":\"message_stop\"")
                .endsWith("}\n\n");
        assertThat(raw.body().substring(raw.body().indexOf("\"stop_reason\":\"refusal\""))).doesNotContain("content_block_delta");
    }

    @Test
    void anthropicNonStreamedBlockHasRefusalStopReason() {
        UPSTREAM.stubFor(post("/v1/messages").willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[{"type":"text","text":"ok 禁止词语"}],
                 "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":4,"output_tokens":6}}""")));
        var client = AnthropicOkHttpClient.builder().baseUrl(gatewayUrl("")).apiKey(KEY).maxRetries(0).build();
        Message message = client.messages().create(MessageCreateParams.builder().model("claude").maxTokens(64).addUserMessage("hi").build());
        assertThat(message.stopReason()).contains(StopReason.REFUSAL);
        assertThat(message.content().get(0).text()).hasValueSatisfying(block -> assertThat(block.text()).doesNotContain("禁止").contains("content policy"));
    }

    @Test
    void matchesAreCountedByCategoryActionAndSide() {
        double before = count("A1-test", "block", "prompt");
        send("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"forbiddenword\"}]}", "Authorization", "Bearer " + KEY);
        assertThat(count("A1-test", "block", "prompt")).isEqualTo(before + 1);
    }

    private double count(String category, String action, String side) {
        var counter = meters.find("aigw.content.matches").tags("category", category, "action", action, "side", side).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The assistant text of a raw OpenAI stream. */
    private static String streamedOpenAiText(String body) {
        StringBuilder text = new StringBuilder();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: {")) {
                String content = Json.stringOrNull(Json.parseUpstream(line.substring(6)).path("choices").path(0).path("delta"), "content");
                if (content != null) {
                    text.append(content);
                }
            }
        }
        return text.toString();
    }
}
