package io.aigw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A failure an upstream call reports after the exchange stopped waiting for it (soak seed
 * 4892385974935928428: {@code Operator called default onErrorDropped <- NativeIoException: Connection
 * reset by peer}). Spring Cloud Gateway's response timeout fires on a timer thread and cancels the call
 * while the connection's event loop is already passing on its reset; the timeout operator then drops
 * the reset. Here the call is one whose failure arrives after it was cancelled, deterministically,
 * behind the same {@code timeout} Spring Cloud Gateway puts on it.
 */
class AbandonedCallFailuresTest {

    private final ListAppender<ILoggingEvent> reactorLog = capture("reactor.core.publisher.Operators");
    private final ListAppender<ILoggingEvent> ownLog = capture(AbandonedCallFailures.class.getName());

    @AfterEach
    void detach() {
        ((Logger) LoggerFactory.getLogger("reactor.core.publisher.Operators")).detachAppender(reactorLog);
        ((Logger) LoggerFactory.getLogger(AbandonedCallFailures.class.getName())).detachAppender(ownLog);
    }

    @Test
    void aResetAfterTheResponseTimeoutFiredIsExpectedNotDropped() {
        LateFailingCall call = new LateFailingCall();
        answerTimesOut(call);

        call.fail(new IOException("recvAddress(..) failed with error(-104): Connection reset by peer"));

        assertThat(messages(reactorLog)).as("Reactor's default onErrorDropped").isEmpty();
        assertThat(messages(ownLog)).singleElement().asString().startsWith("DEBUG").contains("Connection reset by peer");
    }

    @Test
    void anyOtherLateFailureIsStillLoggedAsAnError() {
        LateFailingCall call = new LateFailingCall();
        answerTimesOut(call);

        call.fail(new UnsupportedOperationException("written into a committed response"));

        assertThat(messages(reactorLog)).isEmpty();
        assertThat(messages(ownLog)).singleElement().asString().startsWith("ERROR").contains("onErrorDropped");
    }

    /** The exchange's call through the filter, as the routing filter makes it: 504 once its response timeout passed. */
    private static void answerTimesOut(LateFailingCall call) {
        GatewayFilterChain routing = exchange -> Mono.from(call)
                .timeout(Duration.ofMillis(20))
                .onErrorMap(TimeoutException.class, e -> new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, e.getMessage(), e));
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions"));
        exchange.getAttributes().put(UpstreamCallPlan.ATTRIBUTE, new UpstreamCallPlan("openai-chat",
                new RouteUpstreamSettings(Duration.ofSeconds(5), Duration.ZERO, 0, List.of()),
                UpstreamDeadline.startingNow(Duration.ZERO, System::nanoTime)));

        // Virtual time: the response timeout fires when the test moves the clock, not after a real wait.
        StepVerifier.withVirtualTime(() -> filter().filter(exchange, routing))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(20))
                .expectErrorMatches(e -> e instanceof ResponseStatusException rse && rse.getStatusCode().value() == 504)
                .verify(Duration.ofSeconds(5));
        assertThat(call.cancelled).as("the call was cancelled").isTrue();
    }

    private static UpstreamCallGlobalFilter filter() {
        UpstreamResilienceProperties properties = new UpstreamResilienceProperties(Duration.ofMinutes(10),
                new UpstreamResilienceProperties.Retry(2, Duration.ofMillis(100), Duration.ofSeconds(1), List.of(502, 503, 529)),
                new UpstreamResilienceProperties.Budget(0.2, 10));
        return new UpstreamCallGlobalFilter(CircuitBreakerRegistry.ofDefaults(), new RetryBudgets(properties), properties,
                new ModelLicenseCheck(null, null, null), new UpstreamMetrics(new SimpleMeterRegistry()));
    }

    private static ListAppender<ILoggingEvent> capture(String loggerName) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        logger.setLevel(Level.DEBUG);
        logger.addAppender(appender);
        return appender;
    }

    private static List<String> messages(ListAppender<ILoggingEvent> log) {
        synchronized (log) {
            return log.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage())).toList();
        }
    }

    /** An upstream call as its event loop runs it: a failure it already had under way arrives after a cancel. */
    private static final class LateFailingCall implements Publisher<Void> {
        private volatile Subscriber<? super Void> subscriber;
        private volatile boolean cancelled;

        @Override
        public void subscribe(Subscriber<? super Void> s) {
            subscriber = s;
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            });
        }

        void fail(Throwable failure) {
            subscriber.onError(failure);
        }
    }
}
