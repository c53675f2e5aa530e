package io.aigw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.protocol.ErrorKind;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UpstreamDeadlineTest {

    private final AtomicLong nanos = new AtomicLong(1_000);

    @Test
    void countsDownOnItsTickerAndStopsAtZero() {
        UpstreamDeadline deadline = UpstreamDeadline.startingNow(Duration.ofSeconds(2), nanos::get);
        nanos.addAndGet(Duration.ofMillis(1_500).toNanos());
        assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(500));
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(deadline.remaining()).isZero();
        assertThat(deadline.exceeded().kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
        assertThat(deadline.exceeded()).hasMessageContaining("2000 ms");
    }

    @Test
    void zeroMeansNoDeadline() {
        UpstreamDeadline none = UpstreamDeadline.startingNow(Duration.ZERO, nanos::get);
        assertThat(none.isUnlimited()).isTrue();
        nanos.addAndGet(Duration.ofDays(30).toNanos());
        assertThat(none.remaining()).isGreaterThan(Duration.ofDays(300));
    }

    @Test
    void rejectsANegativeTotal() {
        assertThatThrownBy(() -> UpstreamDeadline.startingNow(Duration.ofMillis(-1), nanos::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("total-timeout");
    }
}
