package io.aigw.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
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
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI and Anthropic Java SDKs judge whether the mock's bodies and streams are well-formed. */
class MockModelServerSdkIntegrationTest {

    private static final int CHUNKS = 6;

    private static MockModelServer server;
    private static OpenAIClient openAi;
    private static AnthropicClient anthropic;

    @BeforeAll
    static void start() {
        server = new MockModelServer(new MockModelSettings("127.0.0.1", 0, CHUNKS, Duration.ZERO));
        int port = server.start();
        openAi = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey("sk-test")
                .maxRetries(0).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port).apiKey("sk-ant-test")
                .maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        openAi.close();
        anthropic.close();
        server.stop();
    }

    @Test
    void openAiSdkReadsCompletionAndStreamToTheSameText() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("Hello SDK")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();

        ChatCompletion completion = openAi.chat().completions()
                .create(params.toBuilder().streamOptions(Optional.empty()).build()).validate();
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream =
                     openAi.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk.validate());
                accumulator.accumulate(chunk);
            });
        }
        ChatCompletion streamed = accumulator.chatCompletion().validate();

        assertThat(completion.model()).isEqualTo("gpt-4o-mini");
        assertThat(completion.choices().get(0).message().content()).get().asString().contains("\"Hello SDK\"");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(chunks).hasSize(1 + CHUNKS + 2);
        assertThat(streamed.choices().get(0).message().content()).isEqualTo(completion.choices().get(0).message().content());
        assertThat(streamed.usage()).isPresent();
        assertThat(streamed.usage().get().totalTokens()).isEqualTo(completion.usage().get().totalTokens());
    }

    @Test
    void anthropicSdkReadsMessageAndStreamToTheSameText() {
        MessageCreateParams params = MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(1024).addUserMessage("你好，SDK")
                .build();

        Message message = anthropic.messages().create(params).validate();
        MessageAccumulator accumulator = MessageAccumulator.create();
        List<RawMessageStreamEvent> events = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(params)) {
            stream.stream().forEach(event -> {
                events.add(event.validate());
                accumulator.accumulate(event);
            });
        }
        Message streamed = accumulator.message().validate();

        assertThat(message.content().get(0).text()).get().extracting(block -> block.text()).asString().startsWith("你好！");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(events).hasSize(2 + CHUNKS + 3); // the SDK drops the ping event
        assertThat(streamed.content().get(0).text().get().text()).isEqualTo(message.content().get(0).text().get().text());
        assertThat(streamed.stopReason()).contains(StopReason.END_TURN);
        assertThat(streamed.usage().outputTokens()).isEqualTo(message.usage().outputTokens());
    }
}
