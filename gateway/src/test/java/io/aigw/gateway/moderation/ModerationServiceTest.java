package io.aigw.gateway.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A moderation service's settings checks and segmenting (the HTTP side: ModerationIntegrationTest). */
class ModerationServiceTest {

    private static ModerationProperties.Service settings(String url, String defaultAction, Map<String, String> actions, int segmentChars) {
        return new ModerationProperties.Service(ModerationProperties.Format.OPENAI, url, null, "m", Duration.ofSeconds(1), false,
                defaultAction, actions, segmentChars);
    }

    private static ModerationService service(ModerationProperties.Service settings) {
        return new ModerationService("t", settings, null, CircuitBreaker.ofDefaults("t"));
    }

    @Test
    void segmentsCoverTheTextAndRepeatTheOverlapAtEachStart() {
        ModerationService service = service(settings("http://x/m", "block", Map.of(), 8));
        assertThat(service.overlap()).isEqualTo(2);
        assertThat(service.segments("")).isEmpty();
        assertThat(service.segments("abcdefgh")).containsExactly("abcdefgh");
        assertThat(service.segments("abcdefghijklmnopqrs")).containsExactly("abcdefgh", "ghijklmnop", "opqrs");
    }

    @Test
    void aTermAcrossASegmentBoundaryIsWholeInTheNextSegment() {
        ModerationService service = service(settings("http://x/m", "block", Map.of(), 400));
        String text = "x".repeat(395) + "badword" + "y".repeat(100);
        List<String> segments = service.segments(text);
        assertThat(segments).hasSize(2);
        assertThat(segments.get(0)).doesNotContain("badword");
        assertThat(segments.get(1)).contains("badword");
    }

    @Test
    void badSettingsAreRefusedAtStartUp() {
        assertThatThrownBy(() -> service(settings(null, "block", Map.of(), 10))).hasMessageContaining(".url");
        assertThatThrownBy(() -> service(settings("ftp://x", "block", Map.of(), 10))).hasMessageContaining(".url");
        assertThatThrownBy(() -> service(settings("http://x", "mask", Map.of(), 10))).hasMessageContaining("block or flag");
        assertThatThrownBy(() -> service(settings("http://x", "block", Map.of("hate", "maybe"), 10)))
                .hasMessageContaining("block, mask or flag");
        assertThatThrownBy(() -> service(settings("http://x", "block", Map.of(), 0))).hasMessageContaining("segment-chars");
    }
}
