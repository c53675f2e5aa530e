package io.aigw.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** One deadline for the whole request body, in virtual time; and the limits' validation. */
class RequestBodyTimeoutWebFilterTest {

    private static DataBuffer chunk(String text) {
        return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBodyDrippingPastTheDeadlineFailsWithRequestTimeoutEvenThoughEachGapIsShort() {
        StepVerifier.withVirtualTime(() -> RequestBodyTimeoutWebFilter.withDeadline(
                        Flux.interval(Duration.ofSeconds(4)).take(5).map(i -> chunk("x")), Duration.ofSeconds(10)))
                .thenAwait(Duration.ofSeconds(8))
                .expectNextCount(2)
                .thenAwait(Duration.ofSeconds(2))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ProtocolException.class);
                    assertThat(((ProtocolException) e).kind()).isEqualTo(ErrorKind.REQUEST_TIMEOUT);
                    assertThat(ErrorKind.REQUEST_TIMEOUT.status()).isEqualTo(408);
                })
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aBodyWithinTheDeadlinePassesUnchanged() {
        StepVerifier.withVirtualTime(() -> RequestBodyTimeoutWebFilter.withDeadline(
                        Flux.interval(Duration.ofSeconds(1)).take(3).map(i -> chunk("y")), Duration.ofSeconds(10)))
                .thenAwait(Duration.ofSeconds(3))
                .expectNextCount(3)
                .verifyComplete();
    }

    @Test
    void invalidSettingsAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new ClientLimitsProperties(Duration.ZERO, 10))
                .hasMessageContaining("aigw.limits.request-body-timeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> new ClientLimitsProperties(Duration.ofSeconds(1), 0))
                .hasMessageContaining("aigw.limits.max-concurrent-requests").hasMessageContaining("0");
    }
}
