package io.aigw.gateway.route;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Upstream answers that are broken (docs/contract.md, "Errors"; issue 8 item 4), for both protocols on the
 * configured routes: before the first byte reached the client they get 502 in the caller's
 * protocol; after it, the stream ends with the protocol's error event and never with the label
 * that marks a complete answer ({@code aigc}). Shares the context of {@link ErrorsIntegrationTest}.
 */
class MalformedUpstreamIntegrationTest extends GatewayIntegrationTest {

    /** Long enough to clear the content filter's hold-back, so that it reaches the client before a failure. */
    private static final String TEXT = "Hello there, this sentence is long enough to leave the content filter's hold-back at once. ";

    @Autowired
    CircuitBreakerRegistry breakers;

    /** Broken answers count against the route's breaker; the context is shared, so leave it closed. */
    @BeforeEach
    @AfterEach
    void closeBreakers() {
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    /** One of the two configured chat routes, with what it takes to call it and to read its answers. */
    enum Api {
        OPENAI("/v1/chat/completions", "/v1/chat/completions", "Authorization", "Bearer " + KEY,
                "{\"model\":\"gpt-4o\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"" + TEXT + "\"},\"finish_reason\":null}]}\n\n",
                "data: [DONE]\n\n"),
        ANTHROPIC("/v1/messages", "/v1/messages", "x-api-key", KEY,
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
                        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + TEXT + "\"}}\n\n",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

        final String path;
        final String upstreamPath;
        final String keyHeader;
        final String keyValue;
        final String bodyFormat;
        /** A valid beginning of a streamed answer, with some text. */
        final String streamStart;
        final String streamEnd;

        Api(String path, String upstreamPath, String keyHeader, String keyValue, String bodyFormat, String streamStart, String streamEnd) {
            this.path = path;
            this.upstreamPath = upstreamPath;
            this.keyHeader = keyHeader;
            this.keyValue = keyValue;
            this.bodyFormat = bodyFormat;
            this.streamStart = streamStart;
            this.streamEnd = streamEnd;
        }

        String body(boolean stream) {
            return bodyFormat.formatted(stream);
        }
    }

    private HttpResponse<String> call(Api api, boolean stream, ResponseDefinitionBuilder answer) {
        UPSTREAM.stubFor(post(api.upstreamPath).willReturn(answer));
        return send(api.path, api.body(stream), api.keyHeader, api.keyValue);
    }

    private static ResponseDefinitionBuilder json(byte[] body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder sse(byte[] body) {
        return aResponse().withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    /** 502 in the caller's protocol, code upstream_protocol_error for OpenAI. */
    private static void assertBadGateway(Api api, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = Json.parseUpstream(response.body());
        if (api == Api.OPENAI) {
            assertThat(body.path("error").path("type").stringValue()).isEqualTo("api_error");
            assertThat(body.path("error").path("code").stringValue()).as(response.body()).isEqualTo("upstream_protocol_error");
        } else {
            assertThat(body.path("type").stringValue()).isEqualTo("error");
            assertThat(body.path("error").path("type").stringValue()).isEqualTo("api_error");
        }
        assertThat(response.body()).doesNotContain("aigc");
    }

    /** A 200 stream that began well and ends with the protocol's error event, without the label of a complete answer. */
    static void assertStreamEndsWithErrorEvent(Api api, HttpResponse<String> response, String openAiCode) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Hello there");
        String body = response.body().stripTrailing();
        if (api == Api.OPENAI) {
            assertThat(body).containsPattern("data: \\{\"error\":\\{[^\\n]*\"code\":\"" + openAiCode + "\"");
            assertThat(body).doesNotContain("\"finish_reason\":\"stop\"");
        } else {
            assertThat(body).contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\"");
            assertThat(body).doesNotContain("message_stop");
        }
        assertThat(body).doesNotContain("\"aigc\"");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aBodyThatIsNotJsonIs502(Api api) {
        assertBadGateway(api, call(api, false, json("upstream exploded".getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void truncatedJsonIs502(Api api) {
        assertBadGateway(api, call(api, false, json("{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assis"
                .getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void jsonThatIsNotUtf8Is502(Api api) {
        byte[] body = "{\"id\":\"x\",\"content\":\"\u00ff\u00fe\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertBadGateway(api, call(api, false, json(body)));
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void anHtmlPageWith200Is502(Api api) {
        assertBadGateway(api, call(api, false, aResponse().withHeader("Content-Type", "text/html")
                .withBody("<html><body>Gateway says hi</body></html>")));
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aJsonAnswerToAStreamingRequestIs502(Api api) {
        assertBadGateway(api, call(api, true, json("{\"id\":\"x\",\"choices\":[]}".getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aStreamAnswerToAPlainRequestIs502(Api api) {
        assertBadGateway(api, call(api, false, sse((api.streamStart + api.streamEnd).getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aFirstEventOverTheSizeCapIs502(Api api) {
        String huge = "data: {\"pad\":\"" + "x".repeat(1_100_000) + "\"}\n\n";
        assertBadGateway(api, call(api, true, sse(huge.getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void anEventOverTheSizeCapAfterTheFirstByteEndsTheStreamWithAnErrorEvent(Api api) {
        String huge = "data: {\"pad\":\"" + "x".repeat(1_100_000) + "\"}\n\n";
        // Dribbled in many chunks, so that the first events reach the client before the big one fails.
        HttpResponse<String> response = call(api, true, sse((api.streamStart + huge + api.streamEnd).getBytes(StandardCharsets.UTF_8))
                .withChunkedDribbleDelay(40, 200));
        assertStreamEndsWithErrorEvent(api, response, "upstream_protocol_error");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aFirstEventThatIsNotUtf8Is502(Api api) {
        byte[] bad = "data: {\"text\":\"\u00ff\"}\n\n".getBytes(StandardCharsets.ISO_8859_1);
        assertBadGateway(api, call(api, true, sse(bad)));
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void anEventThatIsNotUtf8AfterTheFirstByteEndsTheStreamWithAnErrorEvent(Api api) {
        byte[] start = (api.streamStart + "x".repeat(0)).getBytes(StandardCharsets.UTF_8);
        byte[] bad = ("data: {\"text\":\"" + "\u00ff".repeat(4000) + "\"}\n\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new byte[start.length + bad.length];
        System.arraycopy(start, 0, body, 0, start.length);
        System.arraycopy(bad, 0, body, start.length, bad.length);
        HttpResponse<String> response = call(api, true, sse(body).withChunkedDribbleDelay(20, 200));
        assertStreamEndsWithErrorEvent(api, response, "upstream_protocol_error");
        assertThat(response.body()).doesNotContain("\ufffd");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aStreamThatClosesWithoutItsEndEventEndsWithAnErrorEvent(Api api) {
        HttpResponse<String> response = call(api, true, sse(api.streamStart.getBytes(StandardCharsets.UTF_8)));
        assertStreamEndsWithErrorEvent(api, response, "upstream_protocol_error");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void anEmptyStreamIs502(Api api) {
        assertBadGateway(api, call(api, true, sse(new byte[0])));
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void deeplyNestedJsonFromTheUpstreamIs502(Api api) {
        String nested = "{\"id\":\"x\",\"deep\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertBadGateway(api, call(api, false, json(nested.getBytes(StandardCharsets.UTF_8))));
    }
}
