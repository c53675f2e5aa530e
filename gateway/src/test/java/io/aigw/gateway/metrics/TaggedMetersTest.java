package io.aigw.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaggedMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TaggedMeters<Counter> decisions =
            TaggedMeters.counters(registry, "aigw.test.decisions", "Test decisions", "product", "outcome");

    @Test
    void registersOneCounterPerCombinationOfTagValues() {
        decisions.get("p1", "allowed").increment();
        decisions.get("p1", "allowed").increment();
        decisions.get("p1", "denied").increment();
        decisions.get("p2", "allowed").increment();

        assertThat(registry.get("aigw.test.decisions").tags("product", "p1", "outcome", "allowed").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.get("aigw.test.decisions").tags("product", "p1", "outcome", "denied").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("aigw.test.decisions").tags("product", "p2", "outcome", "allowed").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("aigw.test.decisions").counters()).hasSize(3);
        Counter counter = registry.get("aigw.test.decisions").tags("product", "p2").counter();
        assertThat(counter.getId().getDescription()).isEqualTo("Test decisions");
    }

    @Test
    void returnsTheSameCounterEveryTime() {
        assertThat(decisions.get("p1", "allowed")).isSameAs(decisions.get("p1", "allowed"));
    }

    @Test
    void refusesTheWrongNumberOfValuesAndNullValues() {
        assertThatThrownBy(() -> decisions.get("p1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[product, outcome]");
        assertThatThrownBy(() -> decisions.get("p1", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void timersAreRegisteredOncePerCombinationToo() {
        TaggedMeters<Timer> timers = TaggedMeters.timers(registry, "aigw.test.calls", "Test calls", "route");
        timers.get("r1").record(Duration.ofMillis(3));
        timers.get("r1").record(Duration.ofMillis(5));

        assertThat(timers.get("r1")).isSameAs(timers.get("r1"));
        Timer timer = registry.get("aigw.test.calls").tags("route", "r1").timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(8.0);
    }
}
