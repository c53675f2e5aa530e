package io.aigw.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.blockhound.BlockHound;

/** The README's demo: profile {@code demo}, the built-in mock model, the documented key, no network. */
@ActiveProfiles("demo")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.additional-location=file:../config/",
            "management.server.port=0",
            "aigw.label.signing.key-dir=target/test-keys",
            "aigw.products.file=../config/demo/products.yaml",
            "aigw.content.lexicon-dir=../config/lexicons",
            "aigw.demo.mock.chunk-delay=5ms",
        })
class DemoProfileIntegrationTest {

    static {
        BlockHound.install();
    }

    private static final String DEMO_KEY = "aigw-demo-key";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void mockPort(DynamicPropertyRegistry registry) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            int free = socket.getLocalPort();
            registry.add("aigw.demo.mock.port", () -> free);
        }
    }

    private OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey(DEMO_KEY).maxRetries(0).build();
    }

    @Test
    void openAiSdkGetsAnAnswerAndAStream() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("你好").build();
        assertThat(openAi().chat().completions().create(params).choices().get(0).message().content())
                .hasValueSatisfying(text -> assertThat(text).contains("你好"));

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream = openAi().chat().completions().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertThat(accumulator.chatCompletion().choices().get(0).message().content())
                .hasValueSatisfying(text -> assertThat(text).contains("你好"));
    }

    /** The mock speaks Chat Completions: {@code /v1/responses} is answered through the configured route's translation. */
    @Test
    void openAiSdkGetsAResponsesAnswerAndStream() {
        ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-4o").input("你好").build();
        assertThat(outputText(openAi().responses().create(params))).contains("你好");

        ResponseAccumulator accumulator = ResponseAccumulator.create();
        try (com.openai.core.http.StreamResponse<ResponseStreamEvent> stream = openAi().responses().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertThat(outputText(accumulator.response())).contains("你好");
    }

    private static String outputText(Response response) {
        return response.output().stream().flatMap(item -> item.message().stream()).flatMap(m -> m.content().stream())
                .flatMap(c -> c.outputText().stream()).map(t -> t.text()).collect(java.util.stream.Collectors.joining());
    }

    @Test
    void anthropicSdkGetsAStream() {
        var client = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port).apiKey(DEMO_KEY).maxRetries(0).build();
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(200).addUserMessage("Hello there").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertThat(accumulator.message().content().get(0).text())
                .hasValueSatisfying(block -> assertThat(block.text()).contains("Hello there"));
    }
}
