package io.aigw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class UpstreamCallPlanTest {

    /** The deadline's ticker stands still: its remaining time is the whole total. */
    private static UpstreamCallPlan plan(Duration idle, Duration total) {
        return new UpstreamCallPlan("openai-chat", new RouteUpstreamSettings(idle, total, 0, List.of()),
                UpstreamDeadline.startingNow(total, () -> 0L));
    }

    @Test
    void passesChunksThatArriveWithinTheIdleTimeout() {
        UpstreamCallPlan plan = plan(Duration.ofSeconds(5), Duration.ofSeconds(60));
        StepVerifier.withVirtualTime(() -> plan.guardAnswer(Flux.interval(Duration.ofSeconds(4)).take(3)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(12))
                .expectNext(0L, 1L, 2L)
                .verifyComplete();
    }

    @Test
    void failsWithTheUpstreamTimeoutWhenTheUpstreamFallsSilent() {
        UpstreamCallPlan plan = plan(Duration.ofSeconds(5), Duration.ofSeconds(60));
        StepVerifier.withVirtualTime(() -> plan.guardAnswer(Flux.just(1L).concatWith(Flux.never())))
                .expectNext(1L)
                .thenAwait(Duration.ofSeconds(5))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ProtocolException.class)
                        .hasMessageContaining("sent nothing for 5000 ms")
                        .extracting(error -> ((ProtocolException) error).kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void failsWithTheDeadlineWhenItComesBeforeTheIdleTimeout() {
        UpstreamCallPlan plan = plan(Duration.ofSeconds(30), Duration.ofSeconds(2));
        StepVerifier.withVirtualTime(() -> plan.guardAnswer(Flux.never()))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(2))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ProtocolException.class)
                        .hasMessageContaining("did not finish within 2000 ms"))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void theTimeoutsFallbackIsNeverTheAnswer() {
        StepVerifier.create(UpstreamDeadline.unreachableFallback())
                .expectError(IllegalStateException.class)
                .verify(Duration.ofSeconds(5));
    }
}
