package io.aigw.filters.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.pipeline.StreamResponseProcessor;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Usage read from what the translators decode: stream events' payloads and a JSON answer's end event. */
class TokenCountsTest {

    @Test
    void openAiStreamReportsUsageInItsLastChunk() throws IOException {
        assertThat(streamUsage(Protocol.OPENAI, "openai-stream.sse")).isEqualTo(new TokenCounts(19L, 21L));
    }

    @Test
    void anthropicStreamTakesInputFromMessageStartAndTheCumulativeOutputFromMessageDelta() throws IOException {
        assertThat(streamUsage(Protocol.ANTHROPIC, "anthropic-stream.sse")).isEqualTo(new TokenCounts(25L, 15L));
    }

    @Test
    void jsonAnswersCarryTheirUsageOnTheEndEvent() {
        JsonAnswer openAi = ProtocolAdapters.of(Protocol.OPENAI).jsonTranslator().decode("""
                {"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},
                 "finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}"""
                .getBytes(StandardCharsets.UTF_8));
        JsonAnswer anthropic = ProtocolAdapters.of(Protocol.ANTHROPIC).jsonTranslator().decode("""
                {"id":"m","type":"message","role":"assistant","content":[{"type":"text","text":"hi"}],
                 "stop_reason":"end_turn","usage":{"input_tokens":7,"output_tokens":2}}""".getBytes(StandardCharsets.UTF_8));

        assertThat(usageOfEnd(Protocol.OPENAI, openAi)).isEqualTo(new TokenCounts(5L, 3L));
        assertThat(usageOfEnd(Protocol.ANTHROPIC, anthropic)).isEqualTo(new TokenCounts(7L, 2L));
    }

    @Test
    void noUsageReadsAsNull() {
        JsonAnswer answer = ProtocolAdapters.of(Protocol.OPENAI).jsonTranslator().decode(
                "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(usageOfEnd(Protocol.OPENAI, answer)).isNull();
        assertThat(ProtocolAdapters.of(Protocol.ANTHROPIC).usage(null)).isNull();
        assertThat(ProtocolAdapters.of(Protocol.ANTHROPIC).usage(Json.parseUpstream("{\"type\":\"ping\"}"))).isNull();
        assertThat(ProtocolAdapters.of(Protocol.OPENAI).usage(Json.parseUpstream("{\"usage\":{\"prompt_tokens\":\"many\"}}"))).isNull();
    }

    @Test
    void aLaterReportReplacesOnlyTheCountsItGives() {
        TokenCounts start = new TokenCounts(25L, 1L);
        assertThat(start.updatedBy(new TokenCounts(null, 15L))).isEqualTo(new TokenCounts(25L, 15L));
        assertThat(start.updatedBy(null)).isSameAs(start);
    }

    private static TokenCounts usageOfEnd(Protocol protocol, JsonAnswer answer) {
        ChatEvent end = answer.events().get(answer.events().size() - 1);
        assertThat(end.end()).isTrue();
        return ProtocolAdapters.of(protocol).usage(end.payload());
    }

    /** Runs a transcript through the stream processor with a stage that folds every event's usage. */
    private static TokenCounts streamUsage(Protocol protocol, String transcript) throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of("src/test/resources/transcripts", transcript));
        TokenCounts[] seen = {new TokenCounts(null, null)};
        ResponseStage observer = (event, next) -> {
            seen[0] = seen[0].updatedBy(ProtocolAdapters.of(protocol).usage(event.payload()));
            next.accept(event);
        };
        StreamResponseProcessor processor = new StreamResponseProcessor(ProtocolAdapters.of(protocol).newStreamTranslator(),
                List.of(observer), 1 << 20);
        byte[] out = processor.onBytes(bytes, 0, bytes.length);
        byte[] rest = processor.onUpstreamEnd();
        assertThat(out.length + rest.length).isEqualTo(bytes.length);
        return seen[0];
    }
}
