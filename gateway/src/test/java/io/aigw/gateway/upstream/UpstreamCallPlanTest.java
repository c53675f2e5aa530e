package io.aigw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class UpstreamCallPlanTest {

    /** A plan whose deadline runs on the virtual clock of the test; call inside withVirtualTime. */
    private static UpstreamCallPlan plan(Duration idle, Duration total) {
        return new UpstreamCallPlan("openai-chat", new RouteUpstreamSettings(idle, total, 0, List.of()),
                UpstreamDeadline.startingNow(total, () -> VirtualTimeScheduler.get().now(TimeUnit.NANOSECONDS)));
    }

    private static void assertUpstreamTimeout(Throwable error, String message) {
        assertThat(error).isInstanceOf(ProtocolException.class).hasMessageContaining(message);
        assertThat(((ProtocolException) error).kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
    }

    @Test
    void passesChunksThatArriveWithinTheIdleTimeout() {
        StepVerifier.withVirtualTime(() -> plan(Duration.ofSeconds(5), Duration.ofSeconds(60))
                        .guardAnswer(Flux.interval(Duration.ofSeconds(4)).take(3)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(12))
                .expectNext(0L, 1L, 2L)
                .verifyComplete();
    }

    @Test
    void measuresTheSilenceFromTheLastChunk() {
        // Chunks at 4 s and 8 s keep the answer alive; the silence after 8 s fails it at 13 s, not 10 s.
        StepVerifier.withVirtualTime(() -> plan(Duration.ofSeconds(5), Duration.ofSeconds(60))
                        .guardAnswer(Flux.interval(Duration.ofSeconds(4)).take(2).concatWith(Flux.never())))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(8))
                .expectNext(0L, 1L)
                .expectNoEvent(Duration.ofMillis(4_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> assertUpstreamTimeout(e, "sent nothing for 5000 ms"))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void failsWhenTheFirstChunkDoesNotComeWithinTheIdleTimeoutAndCancelsTheUpstream() {
        AtomicBoolean cancelled = new AtomicBoolean();
        StepVerifier.withVirtualTime(() -> plan(Duration.ofSeconds(5), Duration.ofSeconds(60))
                        .guardAnswer(Flux.never().doOnCancel(() -> cancelled.set(true))))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(5))
                .expectErrorSatisfies(e -> assertUpstreamTimeout(e, "sent nothing for 5000 ms"))
                .verify(Duration.ofSeconds(5));
        assertThat(cancelled).isTrue();
    }

    @Test
    void failsWithTheDeadlineWhenItComesBeforeTheIdleTimeout() {
        // Chunks every 2 s never trip the 5 s idle timeout; the 7 s deadline ends the answer.
        StepVerifier.withVirtualTime(() -> plan(Duration.ofSeconds(5), Duration.ofSeconds(7))
                        .guardAnswer(Flux.interval(Duration.ofSeconds(2))))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(6))
                .expectNext(0L, 1L, 2L)
                .thenAwait(Duration.ofSeconds(1))
                .expectErrorSatisfies(e -> assertUpstreamTimeout(e, "did not finish within 7000 ms"))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void stopsItsTimerWhenTheAnswerEnds() {
        VirtualTimeScheduler clock = VirtualTimeScheduler.getOrSet();
        try {
            List<Disposable> timers = new ArrayList<>();
            Scheduler recording = new Scheduler() {
                @Override
                public Disposable schedule(Runnable task) {
                    return schedule(task, 0, TimeUnit.NANOSECONDS);
                }

                @Override
                public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
                    Disposable timer = clock.schedule(task, delay, unit);
                    timers.add(timer);
                    return timer;
                }

                @Override
                public Worker createWorker() {
                    return clock.createWorker();
                }
            };
            AnswerWatchdog watchdog = new AnswerWatchdog(Duration.ofSeconds(5),
                    UpstreamDeadline.startingNow(Duration.ofSeconds(60), () -> clock.now(TimeUnit.NANOSECONDS)), recording);
            StepVerifier.create(watchdog.guard(Flux.just(1, 2))).expectNext(1, 2).verifyComplete();
            assertThat(timers).isNotEmpty().allMatch(Disposable::isDisposed);
        } finally {
            VirtualTimeScheduler.reset();
        }
    }

    @Test
    void theTimeoutsFallbackIsNeverTheAnswer() {
        StepVerifier.create(UpstreamDeadline.unreachableFallback())
                .expectError(IllegalStateException.class)
                .verify(Duration.ofSeconds(5));
    }
}
