package io.aigw.gateway.logging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.aigw.gateway.GatewayIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 18, item 6: one access-log line per chat request on {@code aigw.access} with its request id,
 * product, route, model, status, outcome, latency and upstream, never a key or a text; upstream failures
 * and circuit-breaker state changes on {@code aigw.upstream}, rate-limited (interval set to an hour here,
 * so exactly one warning per upstream). Own context: the breaker opened by the last test stays open.
 */
@TestPropertySource(properties = "aigw.logging.upstream-failure-interval=1h")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessLogIntegrationTest extends GatewayIntegrationTest {

    private static final String PROMPT_SECRET = "PROMPT-TEXT-7f3a";
    private static final String ANSWER_SECRET = "ANSWER-TEXT-9c1b";
    private static final String WRONG_KEY = "sk-wrong-client-key-42";

    /** A Logback list appender that may be read while the log writer thread appends. */
    static final class Captured extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }
    }

    private final Captured captured = new Captured();

    @BeforeEach
    void attach() {
        captured.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
        captured.start();
        logger(AccessLog.LOGGER).addAppender(captured);
        logger(AccessLog.UPSTREAM_LOGGER).addAppender(captured);
    }

    @AfterEach
    void detach() {
        logger(AccessLog.LOGGER).detachAppender(captured);
        logger(AccessLog.UPSTREAM_LOGGER).detachAppender(captured);
        captured.stop();
        for (ILoggingEvent e : captured.events) {
            assertThat(e.getFormattedMessage()).as("no key or text is logged")
                    .doesNotContain(KEY, WRONG_KEY, "sk-upstream-openai", "sk-upstream-anthropic", PROMPT_SECRET, ANSWER_SECRET)
                    .doesNotContain("\n", "\r");
        }
    }

    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }

    @Test
    @Order(1)
    void aServedRequestGetsOneLineWithItsFieldsAndNoKeyOrText() {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER_SECRET + "\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18}}")));

        HttpResponse<String> response = send("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT_SECRET + "\"}]}",
                "Authorization", "Bearer " + KEY, "X-Request-Id", "req-access-served");
        assertThat(response.statusCode()).isEqualTo(200);

        ILoggingEvent line = theAccessLineOf("req-access-served");
        assertThat(line.getLevel().toString()).isEqualTo("INFO");
        assertThat(line.getFormattedMessage())
                .startsWith("request_id=req-access-served product=test-app route=openai-chat protocol=openai model=gpt-4o"
                        + " status=200 outcome=served error=- latency_ms=")
                .containsPattern(" upstream=openai-chat upstream_status=200 upstream_ms=\\d+ prompt_tokens=11 completion_tokens=7$");
        assertThat(line.getKeyValuePairs()).extracting(kv -> kv.key + "=" + kv.value)
                .contains("product=test-app", "status=200", "outcome=served", "upstream=openai-chat");
    }

    @Test
    @Order(2)
    void aRefusedRequestAndAForgedModelNameGetTheirLineTooWithoutTheKeyOrAForgedField() {
        HttpResponse<String> denied = send("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}",
                "Authorization", "Bearer " + WRONG_KEY, "X-Request-Id", "req-access-denied");
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(theAccessLineOf("req-access-denied").getFormattedMessage())
                .startsWith("request_id=req-access-denied product=- route=openai-chat protocol=openai model=- status=401"
                        + " outcome=denied error=invalid_api_key latency_ms=");

        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"bad model\"}}")));
        send("/v1/chat/completions", "{\"model\":\"gpt-4o\\nrequest_id=forged status=200\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + PROMPT_SECRET + "\"}]}", "Authorization", "Bearer " + KEY, "X-Request-Id", "req-access-forged");
        assertThat(theAccessLineOf("req-access-forged").getFormattedMessage())
                .contains(" model=\"gpt-4o\\nrequest_id=forged status=200\" ")
                .doesNotContain(" request_id=forged");
    }

    @Test
    @Order(3)
    void anUpstreamOutageLogsEveryRequestOneRateLimitedFailureAndTheBreakerOpening() {
        UPSTREAM.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"down\"}}")));
        int requests = 12;
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = send("/v1/messages",
                    "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT_SECRET + "\"}]}",
                    "x-api-key", KEY, "anthropic-version", "2023-06-01", "X-Request-Id", "req-access-down-" + i);
            assertThat(response.statusCode()).isGreaterThanOrEqualTo(500);
        }
        for (int i = 0; i < requests; i++) {
            assertThat(theAccessLineOf("req-access-down-" + i).getFormattedMessage())
                    .contains(" route=anthropic-messages ", " outcome=error ").containsPattern(" status=50\\d ");
        }
        awaitLine(e -> e.getFormattedMessage().startsWith("circuit breaker state: breaker=upstream-anthropic-messages from=CLOSED to=OPEN"));
        List<ILoggingEvent> failures = captured.events.stream()
                .filter(e -> e.getFormattedMessage().startsWith("upstream failed: upstream=anthropic-messages ")).toList();
        assertThat(failures).as("one warning per upstream per interval, however many requests failed").hasSize(1);
        assertThat(failures.get(0).getLevel().toString()).isEqualTo("WARN");
        assertThat(failures.get(0).getLoggerName()).isEqualTo(AccessLog.UPSTREAM_LOGGER);
    }

    private ILoggingEvent theAccessLineOf(String requestId) {
        ILoggingEvent line = awaitLine(e -> e.getLoggerName().equals(AccessLog.LOGGER)
                && e.getFormattedMessage().startsWith("request_id=" + requestId + " "));
        assertThat(captured.events.stream().filter(e -> e.getLoggerName().equals(AccessLog.LOGGER)
                && e.getFormattedMessage().startsWith("request_id=" + requestId + " ")).count()).as("lines of " + requestId).isEqualTo(1);
        return line;
    }

    private ILoggingEvent awaitLine(Predicate<ILoggingEvent> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (ILoggingEvent e : captured.events) {
                if (wanted.test(e)) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // a duplicate would be written by now
                    return e;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        throw new AssertionError("no such log line; captured: " + captured.events.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }
}
