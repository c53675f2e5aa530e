package io.aigw.gateway.route;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.TestRoutes;
import tools.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class OpenAiProxyIntegrationTest extends GatewayIntegrationTest {

    /** The default explicit label as the prefix of the answer. */
    static final String LABEL = LabelConfig.DEFAULT_ZH_CN + "\n\n";

    static final String COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1763983201,"model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant","content":"你好！Hello.","refusal":null},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}""";

    private OpenAIClient sdk() {
        return OpenAIOkHttpClient.builder().baseUrl(gatewayUrl("/v1")).apiKey(KEY).maxRetries(0).build();
    }

    private static ChatCompletionCreateParams params() {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("你好").build();
    }

    @Test
    void sdkGetsTheUpstreamAnswerAndTheUpstreamGetsItsOwnKey() {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(COMPLETION)));

        ChatCompletion completion = sdk().chat().completions().create(params());

        assertThat(completion.choices().get(0).message().content()).contains(LABEL + "你好！Hello.");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-upstream-openai"))
                .withHeader("x-api-key", absent())
                .withRequestBody(equalToJson("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"你好\"}]}")));
    }

    @Test
    void sdkStreamsTheUpstreamEvents() {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(transcript("openai-stream.sse"))
                .withChunkedDribbleDelay(40, 200)));

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        ChatCompletionCreateParams asking = params().toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(asking)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ChatCompletion completion = accumulator.chatCompletion();
        assertThat(completion.choices().get(0).message().content())
                .contains(LABEL + "你好！我是一个AI助手。Hello, world! 👋 Café naïve.");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage()).hasValueSatisfying(usage -> assertThat(usage.totalTokens()).isEqualTo(40));
    }

    @Test
    void withoutPolicyStagesTheStreamIsByteForByteTheUpstreams() {
        String upstream = transcript("openai-stream.sse");
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(upstream).withChunkedDribbleDelay(97, 300)));

        HttpResponse<String> response = send(TestRoutes.OPENAI, "{\"model\":\"gpt-4o\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(response.body()).isEqualTo(upstream);
    }

    /**
     * A client that did not ask for the stream's usage: the upstream is asked all the same (quotas are
     * charged from it) and the client gets the upstream's bytes without the usage-only chunk.
     */
    @Test
    void aClientThatDidNotAskForUsageGetsTheStreamWithoutTheUsageChunk() {
        String upstream = transcript("openai-stream.sse");
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(upstream).withChunkedDribbleDelay(97, 300)));
        String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        HttpResponse<String> response = send(TestRoutes.OPENAI, body, "Authorization", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        String usageChunk = upstream.lines().filter(l -> l.contains("\"choices\":[],\"usage\"")).findFirst().orElseThrow() + "\n\n";
        assertThat(response.body()).isEqualTo(upstream.replace(usageChunk, ""));
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalTo(
                "{\"stream_options\":{\"include_usage\":true}," + body.substring(1))));
    }

    @Test
    void openAiCompatibleBaseUrlsKeepTheirPath() {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(COMPLETION)));

        HttpResponse<String> response = send("/v1/chat/completions", "{\"model\":\"qwen-max\",\"messages\":[]}",
                "Authorization", "Bearer " + KEY, "Accept-Encoding", "gzip");

        assertThat(response.statusCode()).isEqualTo(200);
        // Everything but the label's own additions is the upstream's answer.
        ObjectNode labeled = (ObjectNode) Json.parseUpstream(response.body());
        assertThat(labeled.remove("aigc")).isNotNull();
        ObjectNode message = (ObjectNode) labeled.path("choices").get(0).path("message");
        assertThat(message.path("content").stringValue()).startsWith(LABEL);
        message.put("content", message.path("content").stringValue().substring(LABEL.length()));
        assertThat(labeled).isEqualTo(Json.parseUpstream(COMPLETION));
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("Accept-Encoding", absent()));
    }
}
