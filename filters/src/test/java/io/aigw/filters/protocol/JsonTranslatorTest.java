package io.aigw.filters.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.pipeline.JsonResponseProcessor;
import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JsonTranslatorTest {

    private static final byte[] OPENAI = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1763983201,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"你好, world","refusal":null},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ANTHROPIC = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"thinking","thinking":"hmm","signature":"s"},{"type":"text","text":"Hello"}],
             "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":4,"output_tokens":2}}""".getBytes(StandardCharsets.UTF_8);

    private static final ResponseStage SHOUT_AND_TAG = (event, next) -> {
        ChatEvent e = event.hasText() ? event.withText(event.text().toUpperCase(Locale.ROOT)) : event;
        next.accept(e.end() ? e.withExtraField("aigc", Json.NODES.objectNode().put("Label", "1")) : e);
    };

    @Test
    void unchangedAnswersKeepTheirBytes() {
        ResponseStage identity = (event, next) -> next.accept(event);
        for (Protocol p : Protocol.values()) {
            byte[] raw = p == Protocol.OPENAI ? OPENAI : ANTHROPIC;
            assertThat(new JsonResponseProcessor(ProtocolAdapters.of(p).jsonTranslator(), List.of(identity)).process(raw)).isSameAs(raw);
        }
    }

    @Test
    void openAiContentFinishAndExtraFieldsAreRewritten() {
        ResponseStage refuse = (event, next) -> next.accept(event.hasFinish() ? event.withFinishReason("content_filter") : event);
        byte[] out = new JsonResponseProcessor(ProtocolAdapters.of(Protocol.OPENAI).jsonTranslator(), List.of(SHOUT_AND_TAG, refuse)).process(OPENAI);
        JsonNode body = Json.parseUpstream(out);
        assertThat(body.path("choices").path(0).path("message").path("content").stringValue()).isEqualTo("你好, WORLD");
        assertThat(body.path("choices").path(0).path("finish_reason").stringValue()).isEqualTo("content_filter");
        assertThat(body.path("aigc").path("Label").stringValue()).isEqualTo("1");
        assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void anthropicTextBlocksAreRewrittenInPlace() {
        byte[] out = new JsonResponseProcessor(ProtocolAdapters.of(Protocol.ANTHROPIC).jsonTranslator(), List.of(SHOUT_AND_TAG)).process(ANTHROPIC);
        JsonNode body = Json.parseUpstream(out);
        assertThat(body.path("content").path(0).path("thinking").stringValue()).isEqualTo("hmm");
        assertThat(body.path("content").path(1).path("text").stringValue()).isEqualTo("HELLO");
        assertThat(body.path("stop_reason").stringValue()).isEqualTo("end_turn");
        assertThat(body.path("aigc").path("Label").stringValue()).isEqualTo("1");
    }
}
