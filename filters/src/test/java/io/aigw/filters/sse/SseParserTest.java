package io.aigw.filters.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.Transcripts;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static List<SseEvent> parse(String text) {
        SseParser parser = new SseParser(1024);
        List<SseEvent> out = new ArrayList<>();
        parser.feed(text.getBytes(StandardCharsets.UTF_8), out);
        parser.finish(out);
        return out;
    }

    @Test
    void readsFieldsAndKeepsRawBytes() {
        List<SseEvent> events = parse("event: message_start\nid: 7\ndata: {\"a\":1}\n\ndata: x\n\n");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).event()).isEqualTo("message_start");
        assertThat(events.get(0).id()).isEqualTo("7");
        assertThat(events.get(0).data()).isEqualTo("{\"a\":1}");
        assertThat(new String(events.get(0).raw(), StandardCharsets.UTF_8))
                .isEqualTo("event: message_start\nid: 7\ndata: {\"a\":1}\n\n");
        assertThat(events.get(1).event()).isNull();
        assertThat(events.get(1).data()).isEqualTo("x");
    }

    @Test
    void joinsMultipleDataLinesWithNewline() {
        assertThat(parse("data: a\ndata:b\ndata\n\n").get(0).data()).isEqualTo("a\nb\n");
    }

    @Test
    void commentOnlyBlockHasNoData() {
        List<SseEvent> events = parse(": keep-alive\n\n");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).hasData()).isFalse();
        assertThat(new String(events.get(0).raw(), StandardCharsets.UTF_8)).isEqualTo(": keep-alive\n\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r\n", "\r", "\n"})
    void acceptsEveryLineEnding(String eol) {
        String text = "event: e" + eol + "data: one" + eol + eol + "data: two" + eol + eol;
        List<SseEvent> events = parse(text);
        assertThat(events).extracting(SseEvent::data).containsExactly("one", "two");
        assertThat(concatRaw(events)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void crlfSplitBetweenCrAndLfStaysInTheSameEvent() {
        SseParser parser = new SseParser(1024);
        List<SseEvent> out = new ArrayList<>();
        parser.feed("data: a\r\n\r".getBytes(StandardCharsets.UTF_8), out);
        assertThat(out).isEmpty();
        parser.feed("\ndata: b\r\n\r\n".getBytes(StandardCharsets.UTF_8), out);
        assertThat(out).extracting(e -> new String(e.raw(), StandardCharsets.UTF_8))
                .containsExactly("data: a\r\n\r\n", "data: b\r\n\r\n");
    }

    @Test
    void unterminatedLastEventIsReturnedNotDispatched() {
        SseParser parser = new SseParser(1024);
        List<SseEvent> out = new ArrayList<>();
        parser.feed("data: a\n\ndata: b\n".getBytes(StandardCharsets.UTF_8), out);
        byte[] rest = parser.finish(out);
        assertThat(out).extracting(SseEvent::data).containsExactly("a");
        assertThat(new String(rest, StandardCharsets.UTF_8)).isEqualTo("data: b\n");
    }

    @Test
    void eventOverTheCapFails() {
        SseParser parser = new SseParser(16);
        byte[] big = "data: 0123456789abcdef\n\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.feed(big, new ArrayList<>()))
                .isInstanceOf(SseLimitExceededException.class)
                .hasMessageContaining("16");
    }

    @Test
    void capCountsOnlyTheCurrentEvent() {
        SseParser parser = new SseParser(32);
        List<SseEvent> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            parser.feed("data: 0123456789\n\n".getBytes(StandardCharsets.UTF_8), out);
        }
        assertThat(out).hasSize(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-stream.sse", "anthropic-stream.sse"})
    void splitAtEveryBytePositionGivesTheSameEvents(String transcript) {
        byte[] bytes = Transcripts.load(transcript);
        List<SseEvent> whole = new ArrayList<>();
        SseParser reference = new SseParser(1 << 16);
        reference.feed(bytes, whole);
        assertThat(reference.finish(whole)).isEmpty();
        for (int split = 0; split <= bytes.length; split++) {
            SseParser parser = new SseParser(1 << 16);
            List<SseEvent> out = new ArrayList<>();
            parser.feed(bytes, 0, split, out);
            parser.feed(bytes, split, bytes.length - split, out);
            assertThat(parser.finish(out)).isEmpty();
            assertThat(out).hasSize(whole.size());
            for (int i = 0; i < out.size(); i++) {
                assertThat(out.get(i).data()).isEqualTo(whole.get(i).data());
                assertThat(out.get(i).event()).isEqualTo(whole.get(i).event());
                assertThat(out.get(i).raw()).isEqualTo(whole.get(i).raw());
            }
        }
    }

    @Test
    void utf8SplitInsideACharacterDecodesCorrectly() {
        byte[] bytes = "data: 你好👋\n\n".getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            SseParser parser = new SseParser(64);
            List<SseEvent> out = new ArrayList<>();
            parser.feed(Arrays.copyOfRange(bytes, 0, split), out);
            parser.feed(Arrays.copyOfRange(bytes, split, bytes.length), out);
            assertThat(out).singleElement().extracting(SseEvent::data).isEqualTo("你好👋");
        }
    }

    @Test
    void canonicalEventEncodesEveryDataLine() {
        SseEvent event = SseEvent.of("ping", "a\nb");
        assertThat(new String(event.raw(), StandardCharsets.UTF_8)).isEqualTo("event: ping\ndata: a\ndata: b\n\n");
        assertThat(parse(new String(event.raw(), StandardCharsets.UTF_8)).get(0).data()).isEqualTo("a\nb");
    }

    private static byte[] concatRaw(List<SseEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.forEach(e -> out.writeBytes(e.raw()));
        return out.toByteArray();
    }
}
