package io.aigw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.aigw.gateway.GatewayIntegrationTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerEvent;
import io.github.resilience4j.consumer.EventConsumerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.blockhound.BlockingOperationError;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Upstream breakers record every call on an event loop: neither their sliding window nor anything
 * listening to their events may take a lock there.
 */
class UpstreamBreakerConfigurationIntegrationTest extends GatewayIntegrationTest {

    private static final int THREADS = 4;
    private static final int CALLS = 200_000;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    EventConsumerRegistry<CircuitBreakerEvent> eventBuffers;

    @Autowired
    MeterRegistry meters;

    @Test
    void breakersCreatedPerRouteRecordWithoutALock() {
        assertThat(breakers.getDefaultConfig().getSlidingWindowSynchronizationStrategy())
                .isEqualTo(SlidingWindowSynchronizationStrategy.LOCK_FREE);
        assertThat(breakers.circuitBreaker("upstream-openai-chat").getCircuitBreakerConfig().getSlidingWindowSynchronizationStrategy())
                .isEqualTo(SlidingWindowSynchronizationStrategy.LOCK_FREE);
        assertThat(breakers.circuitBreaker("upstream-openai-chat").getCircuitBreakerConfig().getSlidingWindowSize())
                .as("the configured window is kept").isEqualTo(20);
    }

    @Test
    void breakerEventsAreNotBufferedButStillMetered() {
        CircuitBreaker breaker = breakers.circuitBreaker("upstream-anthropic-messages");
        breaker.onSuccess(5, TimeUnit.MILLISECONDS);

        assertThat(eventBuffers.getAllEventConsumer()).as("Resilience4j's actuator event buffers").isEmpty();
        assertThat(meters.find("resilience4j.circuitbreaker.calls").tag("name", breaker.getName()).timers())
                .as("Resilience4j's breaker meters").isNotEmpty();
    }

    @Test
    void concurrentCallsOnNonBlockingThreadsNeverBlock() {
        Scheduler eventLoops = Schedulers.newParallel("breaker-probe", THREADS);
        ListAppender<ILoggingEvent> resilience4jLog = captureLog("io.github.resilience4j");
        try {
            assertThatThrownBy(() -> Mono.fromRunnable(() -> LockSupport.parkNanos(1)).subscribeOn(eventLoops).block())
                    .as("BlockHound watches the probe threads")
                    .satisfies(thrown -> assertThat(Exceptions.unwrap(thrown)).isInstanceOf(BlockingOperationError.class));
            CircuitBreaker breaker = breakers.circuitBreaker("upstream-blockhound-probe");

            List<Integer> outcomes = Flux.range(0, CALLS)
                    .parallel(THREADS)
                    .runOn(eventLoops)
                    .concatMap(i -> call(breaker, i))
                    .sequential()
                    .collectList()
                    .block(Duration.ofMinutes(1));

            assertThat(outcomes).hasSize(CALLS).containsOnly(0, 1);
            assertThat(blockingReports(resilience4jLog)).isEmpty();
            assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isZero();
        } finally {
            ((Logger) LoggerFactory.getLogger("io.github.resilience4j")).detachAppender(resilience4jLog);
            eventLoops.dispose();
        }
    }

    /** One call through the breaker as the upstream filter makes it: 1 when it succeeded, 0 when it failed (one in ten). */
    private static Mono<Integer> call(CircuitBreaker breaker, int index) {
        return Mono.fromCallable(() -> {
                    if (index % 10 == 0) {
                        throw new IllegalStateException("probe failure " + index);
                    }
                    return 1;
                })
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorResume(IllegalStateException.class, e -> Mono.just(0));
    }

    /** Resilience4j catches what its event consumers throw and only logs it: the log is where a park shows. */
    private static ListAppender<ILoggingEvent> captureLog(String loggerName) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(loggerName)).addAppender(appender);
        return appender;
    }

    private static List<String> blockingReports(ListAppender<ILoggingEvent> log) {
        synchronized (log) {
            return log.list.stream()
                    .filter(event -> reportsBlocking(event.getThrowableProxy()))
                    .map(event -> event.getFormattedMessage() + ": " + event.getThrowableProxy().getMessage())
                    .toList();
        }
    }

    private static boolean reportsBlocking(IThrowableProxy throwable) {
        for (IThrowableProxy t = throwable; t != null; t = t.getCause()) {
            if (BlockingOperationError.class.getName().equals(t.getClassName())) {
                return true;
            }
        }
        return false;
    }
}
