package io.aigw.filters.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.Transcripts;
import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import io.aigw.filters.sse.SseEvent;
import io.aigw.filters.sse.SseParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StreamResponseProcessorTest {

    /** Marks every event changed without changing what it says: forces every event to be encoded anew. */
    private static final ResponseStage REENCODE = (event, next) -> next.accept(
            event.hasText() ? event.withText(event.text())
                    : event.hasFinish() ? event.withFinishReason(event.finishReason())
                    : new ChatEvent(event.source(), event.payload(), event.index(), null, null, event.end(), true, null, event.closesText()));

    private static byte[] run(Protocol protocol, List<ResponseStage> stages, byte[] input, int... splits) {
        StreamResponseProcessor processor = new StreamResponseProcessor(ProtocolAdapters.of(protocol).newStreamTranslator(), stages, 1 << 16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        for (int split : splits) {
            out.writeBytes(processor.onBytes(input, from, split - from));
            from = split;
        }
        out.writeBytes(processor.onBytes(input, from, input.length - from));
        out.writeBytes(processor.onUpstreamEnd());
        return out.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({"OPENAI, openai-stream.sse", "ANTHROPIC, anthropic-stream.sse"})
    void withoutStagesTheClientGetsExactlyTheUpstreamBytesAtEverySplit(Protocol protocol, String transcript) {
        byte[] input = Transcripts.load(transcript);
        for (int split = 0; split <= input.length; split++) {
            assertThat(run(protocol, List.of(), input, split)).as("split at %d", split).isEqualTo(input);
        }
    }

    @ParameterizedTest
    @CsvSource({"OPENAI, openai-stream.sse", "ANTHROPIC, anthropic-stream.sse"})
    void oneBytePerChunkGivesTheSameBytes(Protocol protocol, String transcript) {
        byte[] input = Transcripts.load(transcript);
        int[] splits = new int[input.length - 1];
        for (int i = 0; i < splits.length; i++) {
            splits[i] = i + 1;
        }
        assertThat(run(protocol, List.of(), input, splits)).isEqualTo(input);
    }

    @ParameterizedTest
    @CsvSource({"OPENAI, openai-stream.sse", "ANTHROPIC, anthropic-stream.sse"})
    void reencodedEventsSayExactlyWhatTheUpstreamSaid(Protocol protocol, String transcript) {
        byte[] input = Transcripts.load(transcript);
        for (int split = 0; split <= input.length; split += 7) {
            byte[] output = run(protocol, List.of(REENCODE), input, split);
            List<SseEvent> expected = events(input);
            List<SseEvent> actual = events(output);
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(i).event()).isEqualTo(expected.get(i).event());
                if ("[DONE]".equals(expected.get(i).data())) {
                    assertThat(actual.get(i).data()).isEqualTo("[DONE]");
                } else {
                    assertThat(Json.parseUpstream(actual.get(i).data())).isEqualTo(Json.parseUpstream(expected.get(i).data()));
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"OPENAI, openai-stream.sse", "ANTHROPIC, anthropic-stream.sse"})
    void stagesSeeTheAssistantTextAndOneEnd(Protocol protocol, String transcript) {
        List<ChatEvent> seen = new ArrayList<>();
        ResponseStage spy = (event, next) -> {
            seen.add(event);
            next.accept(event);
        };
        run(protocol, List.of(spy), Transcripts.load(transcript), 100);
        String text = seen.stream().filter(ChatEvent::hasText).map(ChatEvent::text).reduce("", String::concat);
        assertThat(text).contains("你好").contains("Hello").contains("naïve");
        assertThat(seen.stream().filter(ChatEvent::end)).hasSize(1);
        assertThat(seen.stream().filter(ChatEvent::hasFinish).map(ChatEvent::finishReason))
                .containsExactly(protocol == Protocol.OPENAI ? "stop" : "end_turn");
    }

    @Test
    void stageCanRewriteTextAndAddEvents() {
        ResponseStage upper = new ResponseStage() {
            private boolean labeled;

            @Override
            public void onEvent(ChatEvent event, Consumer<ChatEvent> next) {
                if (event.hasText() && !event.text().isEmpty() && !labeled) {
                    labeled = true;
                    next.accept(ChatEvent.text(event.index(), "[label] "));
                }
                next.accept(event.hasText() ? event.withText(event.text().toUpperCase(Locale.ROOT)) : event);
            }
        };
        byte[] output = run(Protocol.OPENAI, List.of(upper), Transcripts.load("openai-stream.sse"), 50);
        StringBuilder text = new StringBuilder();
        for (SseEvent e : events(output)) {
            if (!"[DONE]".equals(e.data())) {
                var chunk = Json.parseUpstream(e.data());
                assertThat(chunk.path("id").stringValue()).isEqualTo("chatcmpl-BxQ3v8mZkQe2gYw1pL9tR4uN7cA0s");
                String content = Json.stringOrNull(chunk.path("choices").path(0).path("delta"), "content");
                if (content != null) {
                    text.append(content);
                }
            }
        }
        assertThat(text.toString()).startsWith("[label] 你好！").contains("HELLO, WORLD");
    }

    @Test
    void upstreamFailureEndsWithAProtocolErrorEvent() {
        StreamResponseProcessor processor = new StreamResponseProcessor(ProtocolAdapters.of(Protocol.ANTHROPIC).newStreamTranslator(), List.of(), 1024);
        String error = new String(processor.onError(ErrorKind.UPSTREAM_TIMEOUT, "upstream timed out"), StandardCharsets.UTF_8);
        assertThat(error).isEqualTo("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"upstream timed out\"}}\n\n");
    }

    @Test
    void upstreamFailureOfAnOpenAiStreamIsAnErrorObjectThenDone() {
        StreamResponseProcessor processor = new StreamResponseProcessor(ProtocolAdapters.of(Protocol.OPENAI).newStreamTranslator(), List.of(), 1024);
        String error = new String(processor.onError(ErrorKind.UPSTREAM_TIMEOUT, "upstream timed out"), StandardCharsets.UTF_8);
        assertThat(error).isEqualTo("data: {\"error\":{\"message\":\"upstream timed out\",\"type\":\"api_error\","
                + "\"param\":null,\"code\":\"upstream_timeout\"}}\n\ndata: [DONE]\n\n");
    }

    @Test
    void heldTextIsNotReleasedWhenTheStreamEndsWithoutAnEndEvent() {
        List<String> held = new ArrayList<>();
        ResponseStage holdAll = (event, next) -> {
            if (event.hasText()) {
                held.add(event.text());
            } else {
                next.accept(event);
            }
        };
        byte[] cut = "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ab\"}}]}\n\n".getBytes(StandardCharsets.UTF_8);
        StreamResponseProcessor processor = new StreamResponseProcessor(ProtocolAdapters.of(Protocol.OPENAI).newStreamTranslator(),
                List.of(holdAll), 1 << 16);
        assertThat(processor.onBytes(cut, 0, cut.length)).isEmpty();
        assertThatThrownBy(processor::onUpstreamEnd).isInstanceOf(ProtocolException.class);
        assertThat(held).containsExactly("ab");
        assertThat(new String(processor.onError(ErrorKind.UPSTREAM_PROTOCOL, "cut"), StandardCharsets.UTF_8))
                .doesNotContain("ab").contains("error");
    }

    private static List<SseEvent> events(byte[] bytes) {
        SseParser parser = new SseParser(1 << 16);
        List<SseEvent> out = new ArrayList<>();
        parser.feed(bytes, out);
        assertThat(parser.finish(out)).isEmpty();
        return out;
    }
}
