package io.aigw.gateway.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.audit.AuditLines;
import io.aigw.gateway.audit.AuditProperties;
import java.util.UUID;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Per-route timeouts (route metadata, hundreds of milliseconds here): 504 in the caller's protocol
 * before the first byte, the protocol's error event after it, and the official SDKs raise their
 * errors instead of hanging.
 */
class UpstreamTimeoutsIntegrationTest extends UpstreamResilienceIntegrationTest {

    private static final String OPENAI_URL = "/v1/chat/completions";
    private static final String FINE = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"fine\"},\"finish_reason\":\"stop\"}]}";
    private static final String ANTHROPIC_URL = "/v1/messages";

    @Autowired
    AuditWriter auditWriter;

    @Autowired
    AuditProperties auditProperties;

    private OpenAIClient openAi(String prefix) {
        return OpenAIOkHttpClient.builder().baseUrl(gatewayUrl(prefix + "/openai/v1")).apiKey(KEY).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    private AnthropicClient anthropic(String prefix) {
        return AnthropicOkHttpClient.builder().baseUrl(gatewayUrl(prefix + "/anthropic")).apiKey(KEY).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    private static ChatCompletionCreateParams openAiParams() {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").build();
    }

    private static MessageCreateParams anthropicParams() {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64).addUserMessage("hi").build();
    }

    private static void assertOpenAiTimeout(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(504);
        JsonNode error = Json.parseUpstream(response.body()).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("api_error");
        assertThat(error.path("code").stringValue()).isEqualTo("upstream_timeout");
    }

    /**
     * A stream cut into {@code chunks} parts; WireMock sends each part (the first with the headers)
     * after a pause of {@code totalMillis / chunks}.
     */
    private static void stubStallingStream(String url, String transcript, int chunks, int totalMillis) {
        UPSTREAM.stubFor(post(url).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(transcript).withChunkedDribbleDelay(chunks, totalMillis)));
    }

    @Test
    void responseHeadersLaterThanTheRoutesResponseTimeoutGive504() {
        UPSTREAM.stubFor(post(OPENAI_URL).willReturn(aResponse().withFixedDelay(3_000)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        HttpResponse<String> response = send(openAiPath("/ttfb"), OPENAI_BODY, "Authorization", "Bearer " + KEY);
        assertOpenAiTimeout(response);
    }

    /**
     * An answer whose headers arrive well within the route's response timeout (2 s), while copying them
     * takes longer than what is left (3 s, {@link HeldResponseHeaders}): the answer goes to the client whole.
     * With Spring Cloud Gateway's timer thread, the timeout fired in the middle of the copy, committed a
     * 504, and the copy then failed on its read-only headers (UnsupportedOperationException, dropped and
     * logged at ERROR): the race the soak test met under load, made certain here.
     */
    @Test
    void aResponseTimeoutCannotFireWhileTheArrivedHeadersAreBeingCopied() throws Exception {
        HttpResponse<String> response = sendThroughTheHold("/held");

        assertThat(response.statusCode()).isEqualTo(200);
        assertWholeAnswer(response);
    }

    /**
     * The same race with the exchange's total deadline (2 s), whose timer also bounds the pauses between
     * attempts and so runs off the event loop: the headers arrive at once, copying them takes 3 s
     * ({@link HeldResponseHeaders}). The deadline passes during the copy and stands back (the headers
     * claimed the exchange, {@link DeadlineClaim}); the answer then meets the passed deadline in its body
     * and ends as a clean 504, or goes whole when its body won the race. Never a mix, nothing dropped.
     * Before the claim, the deadline's 504 was committed under the copy (UnsupportedOperationException).
     */
    @Test
    void theTotalDeadlineCannotFireWhileTheArrivedHeadersAreBeingCopied() throws Exception {
        HttpResponse<String> response = sendThroughTheHold("/held-total");

        if (response.statusCode() == 200) {
            assertWholeAnswer(response);
        } else {
            assertOpenAiTimeout(response);
        }
    }

    /**
     * Sends a request to the held route under {@code prefix} (after a warm-up: a cold first request may take
     * longer than the timeout to get its headers, and then never meets the hold), checks that its headers
     * were held and that nothing failed after the fact once the held copy is over, and returns the answer.
     */
    private HttpResponse<String> sendThroughTheHold(String prefix) throws Exception {
        ListAppender<ILoggingEvent> dropped = capture("reactor.core.publisher.Operators");
        ListAppender<ILoggingEvent> abandoned = capture(AbandonedCallFailures.class.getName());
        UPSTREAM.stubFor(post(OPENAI_URL).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withHeader("X-Late-Marker", "upstream").withBody(FINE)));
        try {
            assertThat(send(openAiPath("/no-retry"), OPENAI_BODY, "Authorization", "Bearer " + KEY).statusCode()).isEqualTo(200);
            int holds = HeldResponseHeaders.holds();
            HttpResponse<String> response = send(openAiPath(prefix), OPENAI_BODY, "Authorization", "Bearer " + KEY);

            assertThat(HeldResponseHeaders.holds()).as("the headers came in time and were held").isEqualTo(holds + 1);
            HeldResponseHeaders.awaitLastCopyDone();
            assertThat(messages(dropped)).as("Reactor's default onErrorDropped").isEmpty();
            assertThat(messages(abandoned)).noneMatch(line -> line.startsWith("ERROR"));
            return response;
        } finally {
            detach("reactor.core.publisher.Operators", dropped);
            detach(AbandonedCallFailures.class.getName(), abandoned);
        }
    }

    private static void assertWholeAnswer(HttpResponse<String> response) {
        assertThat(Json.parseUpstream(response.body()).path("choices").path(0).path("message").path("content").stringValue())
                .endsWith("fine");
        assertThat(response.headers().firstValue("X-Late-Marker")).contains("upstream");
    }

    /**
     * Answers whose headers come right at the route's response timeout (300 ms, the upstream's delay
     * spread over 270–330 ms), many at once: each exchange gets either the upstream's answer, whole, or
     * the gateway's own 504, never a mix, and nothing is reported after the fact. Spring Cloud Gateway's
     * timer thread used to let a response that arrived at that moment copy its status and headers into
     * the exchange's 504 (UnsupportedOperationException from the committed headers, dropped and logged);
     * the timeout now runs on the upstream connection's event loop ({@link EventLoopResponseTimeout}).
     */
    @Test
    void answersArrivingAtTheResponseTimeoutGetEitherTheAnswerOrA504NeverAMix() throws Exception {
        ListAppender<ILoggingEvent> dropped = capture("reactor.core.publisher.Operators");
        ListAppender<ILoggingEvent> abandoned = capture(AbandonedCallFailures.class.getName());
        UPSTREAM.stubFor(post(OPENAI_URL).willReturn(aResponse().withUniformRandomDelay(270, 330)
                .withHeader("Content-Type", "application/json").withHeader("X-Late-Marker", "upstream").withBody(FINE)));
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl(openAiPath("/ttfb"))))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(OPENAI_BODY)).build();
                calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            int answered = 0;
            int timedOut = 0;
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get(60, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    answered++;
                    assertThat(Json.parseUpstream(response.body()).path("choices").path(0).path("message").path("content").stringValue())
                            .endsWith("fine");
                    assertThat(response.headers().firstValue("X-Late-Marker")).contains("upstream");
                } else {
                    timedOut++;
                    assertOpenAiTimeout(response);
                    assertThat(response.headers().firstValue("X-Late-Marker")).as("an upstream header in the gateway's 504").isEmpty();
                }
            }
            assertThat(answered + timedOut).isEqualTo(120);
            assertThat(messages(dropped)).as("Reactor's default onErrorDropped").isEmpty();
            assertThat(messages(abandoned)).as("failures reported after the exchange stopped waiting")
                    .noneMatch(line -> line.startsWith("ERROR"));
        } finally {
            detach("reactor.core.publisher.Operators", dropped);
            detach(AbandonedCallFailures.class.getName(), abandoned);
        }
    }

    private static ListAppender<ILoggingEvent> capture(String loggerName) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        logger.addAppender(appender);
        return appender;
    }

    private static void detach(String loggerName, ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(loggerName)).detachAppender(appender);
    }

    private static List<String> messages(ListAppender<ILoggingEvent> appender) {
        return appender.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()).toList();
    }

    @Test
    void theSdkRaisesItsServerErrorOnA504() {
        UPSTREAM.stubFor(post(OPENAI_URL).willReturn(aResponse().withFixedDelay(3_000)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        assertThatThrownBy(() -> openAi("/ttfb").chat().completions().create(openAiParams()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(504);
                    assertThat(e.code()).contains("upstream_timeout");
                });
    }

    @Test
    void anUnreachableUpstreamGives504AfterTheRoutesConnectTimeout() {
        HttpResponse<String> response = send(openAiPath("/connect"), OPENAI_BODY, "Authorization", "Bearer " + KEY);
        assertOpenAiTimeout(response);
    }

    @Test
    void theTotalTimeoutAlsoBoundsTheWaitForHeaders() {
        UPSTREAM.stubFor(post(OPENAI_URL).willReturn(aResponse().withFixedDelay(6_000)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        HttpResponse<String> response = send(openAiPath("/total"), OPENAI_BODY, "Authorization", "Bearer " + KEY);
        assertOpenAiTimeout(response);
        assertThat(response.body()).contains("3000 ms");
    }

    @Test
    void aJsonAnswerThatStallsGives504BecauseNothingWasSentYet() {
        UPSTREAM.stubFor(post(OPENAI_URL).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[]}").withChunkedDribbleDelay(2, 3_000)));
        HttpResponse<String> response = send(openAiPath("/idle"), OPENAI_BODY, "Authorization", "Bearer " + KEY);
        assertOpenAiTimeout(response);
        assertThat(response.body()).contains("sent nothing for 300 ms");
    }

    @Test
    void anUpstreamErrorAnswerThatStallsIsCutShortByTheIdleTimeoutInsteadOfHanging() {
        String body = "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
        UPSTREAM.stubFor(post(OPENAI_URL).willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody(body).withChunkedDribbleDelay(2, 3_000)));
        HttpResponse<String> response = send(openAiPath("/idle"), OPENAI_BODY, "Authorization", "Bearer " + KEY);
        // The upstream's status went out with its first half; the second half never came.
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(body).startsWith(response.body());
        assertThat(response.body()).isNotEqualTo(body);
    }

    @Test
    void aStreamThatGoesSilentEndsWithAnErrorObjectThenDone() {
        stubStallingStream(OPENAI_URL, transcript("openai-stream.sse"), 2, 3_000);
        HttpResponse<String> response = send(openAiPath("/idle"), OPENAI_STREAM_BODY, "Authorization", "Bearer " + KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("chat.completion.chunk")
                .endsWith("data: {\"error\":{\"message\":\"the upstream sent nothing for 300 ms\",\"type\":\"api_error\","
                        + "\"param\":null,\"code\":\"upstream_timeout\"}}\n\ndata: [DONE]\n\n");
    }

    @Test
    void theOpenAiSdkRaisesItsStreamErrorWhenTheStreamGoesSilent() {
        stubStallingStream(OPENAI_URL, transcript("openai-stream.sse"), 2, 3_000);
        List<ChatCompletionChunk> received = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = openAi("/idle").chat().completions().createStreaming(openAiParams())) {
                stream.stream().forEach(received::add);
            }
        }).isInstanceOf(com.openai.errors.SseException.class).hasMessageContaining("sent nothing for 300 ms");
        assertThat(received).isNotEmpty();
    }

    @Test
    void theAnthropicSdkRaisesItsStreamErrorWhenTheStreamGoesSilent() {
        stubStallingStream(ANTHROPIC_URL, transcript("anthropic-stream.sse"), 2, 3_000);
        List<RawMessageStreamEvent> received = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream =
                         anthropic("/idle").messages().createStreaming(anthropicParams())) {
                stream.stream().forEach(received::add);
            }
        }).isInstanceOf(com.anthropic.errors.SseException.class).hasMessageContaining("sent nothing for 300 ms");
        assertThat(received).isNotEmpty();
    }

    @Test
    void aStreamStillRunningAtTheTotalTimeoutEndsWithTheErrorEventInEachProtocol() {
        stubStallingStream(OPENAI_URL, transcript("openai-stream.sse"), 4, 8_000);
        stubStallingStream(ANTHROPIC_URL, transcript("anthropic-stream.sse"), 4, 8_000);
        String id = "total-" + UUID.randomUUID();
        HttpResponse<String> openAi = send(openAiPath("/total"), OPENAI_STREAM_BODY, "Authorization", "Bearer " + KEY,
                "X-Request-Id", id);
        assertThat(openAi.statusCode()).isEqualTo(200);
        assertThat(openAi.body()).contains("chat.completion.chunk")
                .contains("\"code\":\"upstream_timeout\"").contains("within 3000 ms").endsWith("data: [DONE]\n\n");
        JsonNode line = new AuditLines(auditWriter, auditProperties).theLineOf(id);
        AuditLines.assertCutShortByError(line, "upstream_timeout");
        assertThat(line.path("upstream").path("name").stringValue()).isEqualTo("total-openai");

        HttpResponse<String> anthropic = send(anthropicPath("/total"),
                ANTHROPIC_BODY.replace("{\"model\"", "{\"stream\":true,\"model\""), "x-api-key", KEY);
        assertThat(anthropic.statusCode()).isEqualTo(200);
        assertThat(anthropic.body()).startsWith("event: message_start")
                .endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                        + "\"message\":\"the upstream did not finish within 3000 ms\"}}\n\n");
    }

    @Test
    void bothSdksRaiseTheirStreamErrorAtTheTotalTimeout() {
        stubStallingStream(OPENAI_URL, transcript("openai-stream.sse"), 4, 8_000);
        stubStallingStream(ANTHROPIC_URL, transcript("anthropic-stream.sse"), 4, 8_000);
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = openAi("/total").chat().completions().createStreaming(openAiParams())) {
                stream.stream().forEach(chunk -> { });
            }
        }).isInstanceOf(com.openai.errors.SseException.class).hasMessageContaining("within 3000 ms");
        assertThatThrownBy(() -> {
            try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream =
                         anthropic("/total").messages().createStreaming(anthropicParams())) {
                stream.stream().forEach(event -> { });
            }
        }).isInstanceOf(com.anthropic.errors.SseException.class).hasMessageContaining("within 3000 ms");
    }
}
