package io.aigw.filters.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.JsonAnswer;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.TextKind;
import io.aigw.filters.protocol.TokenCounts;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What OpenAI-compatible providers send differently from OpenAI, read so that the policies see it:
 * reasoning in {@code reasoning} (Ollama, recent vLLM) and a stream's usage in {@code choices[0].usage} (Moonshot).
 */
class ProviderQuirksTest {

    private static ChatEvent.Scan read(String data) {
        return new OpenAiChunkReader().read(data, false);
    }

    @Test
    void reasoningUnderItsOtherNameIsReasoning() {
        ChatEvent.Scan scan = read("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning\":\"think\"}}]}");
        assertThat(scan.kind()).isEqualTo(TextKind.REASONING);
        assertThat(scan.text()).isEqualTo("think");

        ChatEvent.Scan both = read("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"think\",\"reasoning\":\"think\"}}]}");
        assertThat(both.kind()).isEqualTo(TextKind.REASONING);
        assertThat(both.text()).isEqualTo("think");
    }

    @Test
    void twoDifferentReasoningTextsInOneChunkAreRefused() {
        assertThatThrownBy(() -> read("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"a\",\"reasoning\":\"b\"}}]}"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_PROTOCOL));
    }

    @Test
    void moonshotsUsageInsideTheChoiceIsTheStreamsUsage() {
        ChatEvent.Scan scan = read("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"stop\",\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":13,\"total_tokens\":32}}]}");
        assertThat(scan.usage()).isEqualTo(new TokenCounts(19L, 13L));
        assertThat(scan.finishReason()).isEqualTo("stop");

        ChatEvent.Scan topLevelWins = read("{\"choices\":[{\"index\":0,\"delta\":{},\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}],"
                + "\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":13}}");
        assertThat(topLevelWins.usage()).isEqualTo(new TokenCounts(19L, 13L));
    }

    @Test
    void aWholeAnswersReasoningUnderItsOtherNameIsReadAsReasoningContent() {
        String body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"hi\",\"reasoning\":\"think\"},\"finish_reason\":\"stop\"}]}";
        JsonAnswer answer = new OpenAiJsonTranslator().decode(body.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.events()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(TextKind.REASONING);
            assertThat(e.text()).isEqualTo("think");
        });
        // Moved, so that a rewritten answer cannot carry the unscanned original beside the scanned text.
        var message = answer.body().path("choices").get(0).path("message");
        assertThat(message.has("reasoning")).isFalse();
        assertThat(message.path("reasoning_content").stringValue()).isEqualTo("think");
    }

    @Test
    void aWholeAnswerWithTwoDifferentReasoningTextsIsRefused() {
        String body = "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"hi\",\"reasoning\":\"a\",\"reasoning_content\":\"b\"}}]}";
        assertThatThrownBy(() -> new OpenAiJsonTranslator().decode(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_PROTOCOL));
    }
}
