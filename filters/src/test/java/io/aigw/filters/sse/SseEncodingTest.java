package io.aigw.filters.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser refuses events that are not UTF-8 instead of replacing the bad bytes. */
class SseEncodingTest {

    @Test
    void invalidUtf8InADataLineFails() {
        byte[] bad = "data: {\"t\":\"\u00ff\"}\n\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> new SseParser(1024).feed(bad, new ArrayList<>()))
                .isInstanceOf(SseEncodingException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void aTruncatedMultiByteSequenceFails() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        byte[] bad = ("data: x" + new String(new byte[] {euro[0], euro[1]}, StandardCharsets.ISO_8859_1) + "\n\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> new SseParser(1024).feed(bad, new ArrayList<>())).isInstanceOf(SseEncodingException.class);
    }

    @Test
    void aGenuineReplacementCharacterAndSplitSequencesAreFine() {
        byte[] good = "data: \ufffd 你好 €\n\n".getBytes(StandardCharsets.UTF_8);
        SseParser parser = new SseParser(1024);
        List<SseEvent> out = new ArrayList<>();
        for (byte b : good) {
            parser.feed(new byte[] {b}, out);
        }
        assertThat(out).singleElement().satisfies(e -> assertThat(e.data()).isEqualTo("\ufffd 你好 €"));
    }
}
