package io.aigw.gateway.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.gateway.GatewayIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every chat exchange is timed by {@code aigw.requests} with its route, status and end, refusals before
 * decoding included, and Spring's own {@code http.server.requests} observation is off.
 */
class ChatRequestTimerIntegrationTest extends GatewayIntegrationTest {

    private static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello.\"},\"finish_reason\":\"stop\"}]}";
    private static final String REQUEST = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Autowired
    MeterRegistry meters;

    @Test
    void timesServedAndRefusedExchangesByRouteStatusAndEnd() {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(ANSWER)));
        long servedBefore = count("openai-chat", "200");
        long refusedBefore = count("openai-chat", "401");

        HttpResponse<String> served = send("/v1/chat/completions", REQUEST, "Authorization", "Bearer " + KEY);
        HttpResponse<String> refused = send("/v1/chat/completions", REQUEST, "Authorization", "Bearer not-a-key");

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(401);
        // The timer stops when the exchange ends on the server, which may be just after the client has the answer.
        assertThat(countEventually("openai-chat", "200", servedBefore + 1)).isEqualTo(servedBefore + 1);
        assertThat(countEventually("openai-chat", "401", refusedBefore + 1)).isEqualTo(refusedBefore + 1);
        Timer timer = meters.get(ChatRequestTimer.NAME).tags("route", "openai-chat", "status", "200", "end", "complete").timer();
        assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(meters.find("http.server.requests").meters()).isEmpty();
    }

    /** The count once it reached {@code expected}, or as it is after 5 s. */
    private long countEventually(String route, String status, long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (count(route, status) < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return count(route, status);
    }

    private long count(String route, String status) {
        Timer timer = meters.find(ChatRequestTimer.NAME).tags("route", route, "status", status, "end", "complete").timer();
        return timer == null ? 0 : timer.count();
    }
}
