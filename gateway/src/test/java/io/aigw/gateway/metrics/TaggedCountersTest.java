package io.aigw.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class TaggedCountersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TaggedCounters decisions =
            new TaggedCounters(registry, "aigw.test.decisions", "Test decisions", "product", "outcome");

    @Test
    void registersOneCounterPerCombinationOfTagValues() {
        decisions.counter("p1", "allowed").increment();
        decisions.counter("p1", "allowed").increment();
        decisions.counter("p1", "denied").increment();
        decisions.counter("p2", "allowed").increment();

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
        assertThat(decisions.counter("p1", "allowed")).isSameAs(decisions.counter("p1", "allowed"));
    }

    @Test
    void refusesTheWrongNumberOfValuesAndNullValues() {
        assertThatThrownBy(() -> decisions.counter("p1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[product, outcome]");
        assertThatThrownBy(() -> decisions.counter("p1", null)).isInstanceOf(NullPointerException.class);
    }
}
