package io.aigw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(1);

    @Test
    void doublesFromTheInitialPauseUpToTheMaximum() {
        Backoff noJitter = new Backoff(INITIAL, MAX, () -> 0.999_999);
        assertThat(noJitter.before(0)).isBetween(Duration.ofMillis(99), INITIAL);
        assertThat(noJitter.before(1)).isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
        assertThat(noJitter.before(3)).isBetween(Duration.ofMillis(799), Duration.ofMillis(800));
        assertThat(noJitter.before(4)).isBetween(Duration.ofMillis(999), MAX);
        assertThat(noJitter.before(80)).isBetween(Duration.ofMillis(999), MAX);
    }

    @Test
    void jitterTakesUpToHalfOffSoThatClientsSpreadOut() {
        Backoff lowest = new Backoff(INITIAL, MAX, () -> 0.0);
        assertThat(lowest.before(0)).isEqualTo(Duration.ofMillis(50));
        assertThat(lowest.before(10)).isEqualTo(Duration.ofMillis(500));
    }
}
