package io.aigw.filters.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.Transcripts;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link StreamResponseProcessor#onUpstreamEnd()}: only a stream with its end event is complete. */
class StreamEndTest {

    /** Records whether an end event reached the stage, which would tell it the answer is whole. */
    private static final class Holding implements ResponseStage {
        final List<String> calls = new ArrayList<>();

        @Override
        public void onEvent(io.aigw.filters.protocol.ChatEvent event, java.util.function.Consumer<io.aigw.filters.protocol.ChatEvent> next) {
            calls.add(event.end() ? "end" : "event");
            next.accept(event);
        }
    }

    @ParameterizedTest
    @CsvSource({"OPENAI, openai-stream.sse", "ANTHROPIC, anthropic-stream.sse"})
    void aWholeStreamEndsNormally(Protocol protocol, String transcript) {
        byte[] input = Transcripts.load(transcript);
        StreamResponseProcessor processor = new StreamResponseProcessor(ProtocolAdapters.of(protocol).newStreamTranslator(), List.of(), 1 << 16);
        byte[] first = processor.onBytes(input, 0, input.length);
        assertThat(first).isEqualTo(input);
        assertThat(processor.onUpstreamEnd()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"OPENAI, openai-stream.sse, data: [DONE]", "ANTHROPIC, anthropic-stream.sse, event: message_stop"})
    void aStreamCutBeforeItsEndEventFailsWithoutCompletingTheStages(Protocol protocol, String transcript, String endMarker) {
        String whole = new String(Transcripts.load(transcript), StandardCharsets.UTF_8);
        byte[] cut = whole.substring(0, whole.indexOf(endMarker)).getBytes(StandardCharsets.UTF_8);
        Holding stage = new Holding();
        StreamResponseProcessor processor = new StreamResponseProcessor(ProtocolAdapters.of(protocol).newStreamTranslator(), List.of(stage), 1 << 16);
        processor.onBytes(cut, 0, cut.length);
        assertThatThrownBy(processor::onUpstreamEnd)
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_PROTOCOL))
                .hasMessageContaining("without its end event");
        assertThat(stage.calls).isNotEmpty().doesNotContain("end");
        assertThat(new String(processor.onError(ErrorKind.UPSTREAM_PROTOCOL, "cut"), StandardCharsets.UTF_8)).contains("error");
    }
}
