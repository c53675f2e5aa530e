package io.aigw.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.protocol.ErrorKind;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Which upstream content types fit a streaming or a plain request. */
class UpstreamContentTypeTest {

    @Test
    void whatWasAskedForPasses() {
        assertThat(UpstreamContentType.mismatch(MediaType.parseMediaType("text/event-stream; charset=utf-8"), true)).isEmpty();
        assertThat(UpstreamContentType.mismatch(MediaType.parseMediaType("application/json; charset=utf-8"), false)).isEmpty();
        assertThat(UpstreamContentType.mismatch(MediaType.parseMediaType("application/vnd.api+json"), false)).isEmpty();
        assertThat(UpstreamContentType.mismatch(null, true)).isEmpty();
        assertThat(UpstreamContentType.mismatch(null, false)).isEmpty();
    }

    @Test
    void anythingElseIsAnUpstreamProtocolErrorNamingBothTypes() {
        assertThat(UpstreamContentType.mismatch(MediaType.TEXT_HTML, false)).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_PROTOCOL);
            assertThat(e.getMessage()).contains("text/html").contains("application/json");
        });
        assertThat(UpstreamContentType.mismatch(MediaType.APPLICATION_JSON, true)).hasValueSatisfying(e ->
                assertThat(e.getMessage()).contains("text/event-stream was expected"));
        assertThat(UpstreamContentType.mismatch(MediaType.TEXT_EVENT_STREAM, false)).isPresent();
        assertThat(UpstreamContentType.mismatch(MediaType.TEXT_PLAIN, true)).isPresent();
    }
}
