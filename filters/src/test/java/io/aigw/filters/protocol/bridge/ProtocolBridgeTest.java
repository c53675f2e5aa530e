package io.aigw.filters.protocol.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.pipeline.JsonResponseProcessor;
import io.aigw.filters.pipeline.StreamResponseProcessor;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The translations of {@link ProtocolBridge} that the SDK-level integration tests do not reach. */
class ProtocolBridgeTest {

    private static final ProtocolBridge ANTHROPIC_CLIENT = ProtocolBridge.of(Protocol.ANTHROPIC, Protocol.OPENAI);
    private static final ProtocolBridge OPENAI_CLIENT = ProtocolBridge.of(Protocol.OPENAI, Protocol.ANTHROPIC);

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-reasoner\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    private static String stream(ProtocolBridge bridge, String upstream) {
        StreamResponseProcessor processor = new StreamResponseProcessor(bridge.newStreamTranslator(), List.of(), 1 << 16);
        byte[] bytes = upstream.getBytes(StandardCharsets.UTF_8);
        byte[] out = processor.onBytes(bytes, 0, bytes.length);
        return new String(out, StandardCharsets.UTF_8) + new String(processor.onUpstreamEnd(), StandardCharsets.UTF_8);
    }

    private static List<JsonNode> data(String sse) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                events.add(Json.parseUpstream(line.substring(6)));
            }
        }
        return events;
    }

    @Test
    void reasoningThenContentBecomeAThinkingBlockThenATextBlockWithTheStopAfterDone() {
        String out = stream(ANTHROPIC_CLIENT, chunk("{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"\"}", null)
                + chunk("{\"reasoning_content\":\"Let me think.\"}", null)
                + chunk("{\"content\":\"42\"}", null)
                + chunk("{}", "length")
                + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-reasoner\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}\n\n"
                + "data: [DONE]\n\n");

        List<String> types = data(out).stream().map(e -> e.path("type").stringValue()
                + (e.has("content_block") ? ":" + e.path("content_block").path("type").stringValue() : "")
                + (e.has("delta") && e.path("delta").has("type") ? ":" + e.path("delta").path("type").stringValue() : "")).toList();
        assertThat(types).containsExactly("message_start", "content_block_start:thinking", "content_block_delta:thinking_delta",
                "content_block_stop", "content_block_start:text", "content_block_delta:text_delta", "content_block_stop",
                "message_delta", "message_stop");
        JsonNode delta = data(out).get(7);
        assertThat(delta.path("delta").path("stop_reason").stringValue()).isEqualTo("max_tokens");
        assertThat(delta.path("usage").path("input_tokens").intValue()).isEqualTo(7);
        assertThat(delta.path("usage").path("output_tokens").intValue()).isEqualTo(3);
        assertThat(out).contains("event: message_stop\n").doesNotContain("[DONE]");
    }

    @Test
    void everyToolUseBlockGetsAnInputJsonDeltaEvenWhenItsArgumentsComeEmpty() {
        String out = stream(ANTHROPIC_CLIENT,
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"now\",\"arguments\":\"\"}}]}", null)
                + chunk("{}", "tool_calls") + "data: [DONE]\n\n");
        List<JsonNode> events = data(out);
        assertThat(events.get(1).path("content_block").toString())
                .isEqualTo("{\"type\":\"tool_use\",\"id\":\"call_a\",\"name\":\"now\",\"input\":{}}");
        assertThat(events.get(2).toString()).isEqualTo(
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}");
        assertThat(events.get(3).path("type").stringValue()).isEqualTo("content_block_stop");
        assertThat(events.get(4).path("delta").path("stop_reason").stringValue()).isEqualTo("tool_use");
    }

    @Test
    void interleavedToolCallsAreAnUpstreamProtocolErrorForAMessagesClient() {
        String upstream = chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"a\",\"arguments\":\"\"}}]}", null)
                + chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"b\",\"arguments\":\"{}\"}}]}", null)
                + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}", null);
        assertThatThrownBy(() -> stream(ANTHROPIC_CLIENT, upstream))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_PROTOCOL));
    }

    @Test
    void aStreamWithoutItsEndEventIsStillCutShortAfterTranslation() {
        assertThatThrownBy(() -> stream(ANTHROPIC_CLIENT, chunk("{\"content\":\"Hi\"}", null)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_PROTOCOL));
    }

    @Test
    void aMessageOfThinkingCutByMaxTokensIsACompletionWithReasoningAndLength() {
        byte[] upstream = """
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-opus-4-1","content":[
                  {"type":"thinking","thinking":"Hmm","signature":"sig"}],"stop_reason":"max_tokens","stop_sequence":null,
                 "usage":{"input_tokens":9,"output_tokens":4}}""".getBytes(StandardCharsets.UTF_8);
        // No stages: the answer is still translated, never passed on in the upstream's protocol.
        JsonNode completion = Json.parseUpstream(new JsonResponseProcessor(OPENAI_CLIENT.jsonTranslator(), List.of()).process(upstream));
        JsonNode message = completion.path("choices").get(0).path("message");
        assertThat(message.path("content").isNull()).isTrue();
        assertThat(message.path("reasoning_content").stringValue()).isEqualTo("Hmm");
        assertThat(completion.path("choices").get(0).path("finish_reason").stringValue()).isEqualTo("length");
        assertThat(completion.path("usage").toString()).isEqualTo("{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}");
        assertThat(completion.path("object").stringValue()).isEqualTo("chat.completion");
    }

    @Test
    void toolArgumentsThatAreNotAnObjectAreAnUpstreamProtocolError() {
        byte[] upstream = """
                {"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant",
                 "content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{not json"}}]},
                 "finish_reason":"tool_calls"}]}""".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ANTHROPIC_CLIENT.jsonTranslator().decode(upstream))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_PROTOCOL));
    }

    @Test
    void stopReasonsMapBothWays() {
        assertThat(List.of("stop", "length", "tool_calls", "content_filter", "function_call").stream().map(StopReasons::toAnthropic))
                .containsExactly("end_turn", "max_tokens", "tool_use", "refusal", "tool_use");
        assertThat(List.of("end_turn", "stop_sequence", "max_tokens", "tool_use", "refusal", "pause_turn").stream().map(StopReasons::toOpenAi))
                .containsExactly("stop", "stop", "length", "tool_calls", "content_filter", "stop");
    }

    @Test
    void upstreamErrorAnswersTakeTheClientsShape() {
        ProtocolBridge.ErrorAnswer plain = ANTHROPIC_CLIENT.errorAnswer(502, "Bad Gateway".getBytes(StandardCharsets.UTF_8));
        assertThat(plain.status()).isEqualTo(502);
        assertThat(new String(plain.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Bad Gateway\"}}");

        ProtocolBridge.ErrorAnswer html = ANTHROPIC_CLIENT.errorAnswer(404, "<html>nope</html>".getBytes(StandardCharsets.UTF_8));
        assertThat(Json.parseUpstream(html.body()).path("error").path("type").stringValue()).isEqualTo("not_found_error");
        assertThat(Json.parseUpstream(html.body()).path("error").path("message").stringValue()).isEqualTo("the upstream answered with status 404");

        ProtocolBridge.ErrorAnswer overloaded = OPENAI_CLIENT.errorAnswer(529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(overloaded.status()).isEqualTo(503);
        assertThat(new String(overloaded.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"error\":{\"message\":\"Overloaded\",\"type\":\"api_error\",\"param\":null,\"code\":\"overloaded_error\"}}");
    }

    private static JsonNode toAnthropic(String openAiRequest) {
        return Json.parseUpstream(OPENAI_CLIENT.upstreamBody(openAiRequest.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anOpenAiRequestWithoutALimitGetsTheDefaultMaxTokensAndAStream() {
        JsonNode request = toAnthropic("{\"model\":\"claude\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"n\":1,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(request.toString()).isEqualTo("{\"model\":\"claude\",\"max_tokens\":" + OpenAiToAnthropicRequest.DEFAULT_MAX_TOKENS
                + ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}],\"stream\":true}");
    }

    @Test
    void whatMessagesCannotExpressIsRefusedAs400() {
        for (String request : List.of(
                "{\"model\":\"c\",\"n\":3,\"messages\":[]}",
                "{\"model\":\"c\",\"logprobs\":true,\"messages\":[]}",
                "{\"model\":\"c\",\"response_format\":{\"type\":\"json_object\"},\"messages\":[]}",
                "{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]}]}",
                "{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png,abc\"}}]}]}",
                "{\"model\":\"c\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"x\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"[1]\"}}]}]}")) {
            assertThatThrownBy(() -> toAnthropic(request)).as(request)
                    .isInstanceOfSatisfying(ProtocolException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_FIELD);
                        assertThat(e.code()).isEqualTo("unsupported_across_protocols");
                    });
        }
    }

    @Test
    void sameProtocolBridgesTranslateNothing() {
        byte[] body = "{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
        ProtocolBridge same = ProtocolBridge.of(Protocol.OPENAI, Protocol.OPENAI);
        assertThat(same.crosses()).isFalse();
        assertThat(same.upstreamBody(body)).isSameAs(body);
        assertThat(same.jsonTranslator()).isSameAs(ProtocolAdapters.of(Protocol.OPENAI).jsonTranslator());
    }
}
