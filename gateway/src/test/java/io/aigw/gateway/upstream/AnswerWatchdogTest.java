package io.aigw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Whose silence ended an answer: the upstream's (chunks were asked for) or the client's (none were). */
class AnswerWatchdogTest {

    private static final Duration IDLE = Duration.ofSeconds(1);

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final UpstreamDeadline deadline = UpstreamDeadline.startingNow(Duration.ZERO, () -> time.now(TimeUnit.NANOSECONDS));

    @Test
    void silenceWhileChunksAreAskedForIsTheUpstreamsTimeout() {
        Sinks.Many<String> upstream = Sinks.many().unicast().onBackpressureBuffer();
        StepVerifier.create(new AnswerWatchdog(IDLE, deadline, time).guard(upstream.asFlux()), 1)
                .then(() -> time.advanceTimeBy(IDLE))
                .expectErrorSatisfies(e -> assertThat(((ProtocolException) e).kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aClientThatStopsAskingIsStalledNotTheUpstream() {
        // The upstream has more to send, but the client took one chunk and asked for nothing more.
        Flux<String> upstream = Flux.just("a", "b", "c");
        StepVerifier.create(new AnswerWatchdog(IDLE, deadline, time).guard(upstream), 1)
                .expectNext("a")
                .then(() -> time.advanceTimeBy(IDLE))
                .expectErrorSatisfies(e -> {
                    ProtocolException failure = (ProtocolException) e;
                    assertThat(failure.kind()).isEqualTo(ErrorKind.CLIENT_STALLED);
                    assertThat(failure.kind().openAiCode()).isEqualTo("client_stalled");
                    assertThat(failure.getMessage()).contains("client read nothing for 1000 ms");
                })
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void theUpstreamsIdlePeriodStartsWhenTheClientAsksAgain() {
        Sinks.Many<String> upstream = Sinks.many().unicast().onBackpressureBuffer();
        upstream.tryEmitNext("a");
        StepVerifier.create(new AnswerWatchdog(IDLE, deadline, time).guard(upstream.asFlux()), 1)
                .expectNext("a")
                .then(() -> time.advanceTimeBy(Duration.ofMillis(900)))
                .thenRequest(1) // the client reads again after 900 ms without asking
                .then(() -> time.advanceTimeBy(Duration.ofMillis(500)))
                .then(() -> upstream.tryEmitNext("b"))
                .expectNext("b")
                .then(upstream::tryEmitComplete)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }
}
