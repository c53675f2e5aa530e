package io.aigw.filters.protocol.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.Transcripts;
import io.aigw.filters.content.ContentPolicy;
import io.aigw.filters.content.ContentScanStage;
import io.aigw.filters.content.LexiconMatcher;
import io.aigw.filters.content.Action;
import io.aigw.filters.pipeline.JsonResponseProcessor;
import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.pipeline.StreamResponseProcessor;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.bridge.ProtocolBridge;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Responses adapter on its own: requests read and rewritten, a native stream and answer through the
 * content policy, and Chat Completions answers translated into Responses ones.
 */
class ResponsesTranslationTest {

    /** A stream in the documented shape (API reference, "Streaming events"): a text, then a function call. */
    static final String NATIVE_STREAM = String.join("",
            sse("response.created", "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1741290958,\"status\":\"in_progress\",\"error\":null,\"incomplete_details\":null,\"instructions\":null,\"model\":\"gpt-4.1\",\"output\":[],\"parallel_tool_calls\":true,\"temperature\":1.0,\"tool_choice\":\"auto\",\"tools\":[],\"top_p\":1.0,\"metadata\":{},\"usage\":null}}"),
            sse("response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}"),
            sse("response.content_part.added", "{\"type\":\"response.content_part.added\",\"sequence_number\":2,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}}"),
            sse("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"sequence_number\":3,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hello \",\"logprobs\":[]}"),
            sse("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"sequence_number\":4,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"DELTA2\",\"logprobs\":[]}"),
            sse("response.output_text.done", "{\"type\":\"response.output_text.done\",\"sequence_number\":5,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"text\":\"Hello DELTA2\",\"logprobs\":[]}"),
            sse("response.content_part.done", "{\"type\":\"response.content_part.done\",\"sequence_number\":6,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"Hello DELTA2\",\"annotations\":[]}}"),
            sse("response.output_item.done", "{\"type\":\"response.output_item.done\",\"sequence_number\":7,\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hello DELTA2\",\"annotations\":[]}]}}"),
            sse("response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":8,\"output_index\":1,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"in_progress\",\"arguments\":\"\",\"call_id\":\"call_1\",\"name\":\"get_weather\"}}"),
            sse("response.function_call_arguments.delta", "{\"type\":\"response.function_call_arguments.delta\",\"sequence_number\":9,\"item_id\":\"fc_1\",\"output_index\":1,\"delta\":\"{\\\"location\\\":\"}"),
            sse("response.function_call_arguments.delta", "{\"type\":\"response.function_call_arguments.delta\",\"sequence_number\":10,\"item_id\":\"fc_1\",\"output_index\":1,\"delta\":\"\\\"Paris\\\"}\"}"),
            sse("response.function_call_arguments.done", "{\"type\":\"response.function_call_arguments.done\",\"sequence_number\":11,\"item_id\":\"fc_1\",\"output_index\":1,\"arguments\":\"{\\\"location\\\":\\\"Paris\\\"}\"}"),
            sse("response.output_item.done", "{\"type\":\"response.output_item.done\",\"sequence_number\":12,\"output_index\":1,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"completed\",\"arguments\":\"{\\\"location\\\":\\\"Paris\\\"}\",\"call_id\":\"call_1\",\"name\":\"get_weather\"}}"),
            sse("response.completed", "{\"type\":\"response.completed\",\"sequence_number\":13,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1741290958,\"status\":\"completed\",\"error\":null,\"incomplete_details\":null,\"instructions\":null,\"model\":\"gpt-4.1\",\"output\":[{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hello DELTA2\",\"annotations\":[]}]},{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"completed\",\"arguments\":\"{\\\"location\\\":\\\"Paris\\\"}\",\"call_id\":\"call_1\",\"name\":\"get_weather\"}],\"parallel_tool_calls\":true,\"temperature\":1.0,\"tool_choice\":\"auto\",\"tools\":[],\"top_p\":1.0,\"metadata\":{},\"usage\":{\"input_tokens\":12,\"output_tokens\":9,\"total_tokens\":21}}}"));

    private static final ContentPolicy POLICY = ContentPolicy.builder()
            .lexicon(LexiconMatcher.builder().add("A1", "forbiddenword").add("A3", "secretcode").build())
            .action("A3", Action.MASK)
            .build();

    static String sse(String event, String data) {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }

    private static String stream(ProtocolBridge bridge, String upstream, ResponseStage... stages) {
        StreamResponseProcessor processor = new StreamResponseProcessor(bridge.newStreamTranslator(), List.of(stages), 1 << 16);
        byte[] bytes = upstream.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        // Byte by byte in small pieces: events split across chunks.
        for (int at = 0; at < bytes.length; at += 7) {
            out.append(new String(processor.onBytes(bytes, at, Math.min(7, bytes.length - at)), StandardCharsets.UTF_8));
        }
        return out + new String(processor.onUpstreamEnd(), StandardCharsets.UTF_8);
    }

    private static ContentScanStage scan() {
        return new ContentScanStage(POLICY, "content_filter", "refused", false, true, matches -> { });
    }

    private static List<JsonNode> data(String sse) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                events.add(Json.parseUpstream(line.substring(6)));
            }
        }
        return events;
    }

    private static final ProtocolBridge NATIVE = ProtocolBridge.of(Protocol.RESPONSES, Protocol.RESPONSES);
    private static final ProtocolBridge VIA_CHAT = ProtocolBridge.of(Protocol.RESPONSES, Protocol.OPENAI);

    @Test
    void aNativeStreamThatNoStageChangesGoesOutByteForByte() {
        assertThat(stream(NATIVE, NATIVE_STREAM)).isEqualTo(NATIVE_STREAM);
    }

    @Test
    void theContentPolicyRechunksDeltasButEveryOtherEventGoesOutAsItCame() {
        String out = stream(NATIVE, NATIVE_STREAM, scan());
        StringBuilder text = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        for (String event : out.split("\n\n")) {
            JsonNode data = Json.parseUpstream(event.substring(event.indexOf("data: ") + 6));
            switch (data.path("type").stringValue()) {
                case "response.output_text.delta" -> text.append(data.path("delta").stringValue());
                case "response.function_call_arguments.delta" -> arguments.append(data.path("delta").stringValue());
                default -> assertThat(NATIVE_STREAM).contains(event + "\n\n");
            }
        }
        assertThat(text).hasToString("Hello DELTA2");
        assertThat(arguments).hasToString("{\"location\":\"Paris\"}");
    }

    @Test
    void aMaskedDeltaIsRepeatedMaskedInEveryDoneEventAndTheFinalResponse() {
        String out = stream(NATIVE, NATIVE_STREAM.replace("DELTA2", "secretcode"), scan());
        assertThat(out).doesNotContain("secretcode").contains("Hello **********");
        JsonNode completed = data(out).get(data(out).size() - 1);
        assertThat(completed.path("type").stringValue()).isEqualTo("response.completed");
        assertThat(completed.path("response").path("output").path(0).path("content").path(0).path("text").stringValue())
                .isEqualTo("Hello **********");
        assertThat(completed.path("response").path("output").path(1).path("arguments").stringValue()).isEqualTo("{\"location\":\"Paris\"}");
    }

    @Test
    void aBlockedTermMidStreamNeverReachesTheClientAndTheResponseEndsIncomplete() {
        String out = stream(NATIVE, NATIVE_STREAM.replace("DELTA2", "a forbiddenword here"), scan());
        assertThat(out).doesNotContain("forbidden").doesNotContain("Paris").doesNotContain("response.completed");
        List<JsonNode> events = data(out);
        assertThat(events.stream().map(e -> e.path("type").stringValue()).toList()).containsExactly("response.created",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.incomplete");
        JsonNode end = events.get(events.size() - 1).path("response");
        assertThat(end.path("status").stringValue()).isEqualTo("incomplete");
        assertThat(end.path("incomplete_details").path("reason").stringValue()).isEqualTo("content_filter");
        assertThat(events.get(5).path("text").stringValue()).isEqualTo("Hello a ");
        assertThat(end.path("output").path(0).path("content").path(0).path("text").stringValue()).isEqualTo("Hello a ");
        assertThat(end.path("output")).hasSize(1);
    }

    @Test
    void theUsageOfTheFinalEventIsRead() {
        List<io.aigw.filters.protocol.ChatEvent> events = new ArrayList<>();
        ResponseStage recorder = (event, next) -> {
            events.add(event);
            next.accept(event);
        };
        stream(NATIVE, NATIVE_STREAM, recorder);
        assertThat(events.get(events.size() - 1).end()).isTrue();
        assertThat(events.get(events.size() - 1).usage().inputTokens()).isEqualTo(12);
        assertThat(events.get(events.size() - 1).usage().outputTokens()).isEqualTo(9);
        assertThat(events.stream().filter(e -> e.hasTools()).flatMap(e -> e.tools().stream()).map(t -> t.arguments() == null ? "" : t.arguments())
                .reduce("", String::concat)).isEqualTo("{\"location\":\"Paris\"}");
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-chat\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    @Test
    void aChatStreamBecomesTheDocumentedEventSequence() {
        String out = stream(VIA_CHAT, chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)
                + chunk("{\"content\":\"Hi \"}", null) + chunk("{\"content\":\"there\"}", null)
                + chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"now\",\"arguments\":\"{}\"}}]}", null)
                + chunk("{}", "tool_calls")
                + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-chat\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}\n\n"
                + "data: [DONE]\n\n");
        List<JsonNode> events = data(out);
        assertThat(events.stream().map(e -> e.path("type").stringValue()).toList()).containsExactly("response.created",
                "response.in_progress", "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.delta", "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.completed");
        assertThat(events.get(6).path("text").stringValue()).isEqualTo("Hi there");
        assertThat(events.get(11).path("arguments").stringValue()).isEqualTo("{}");
        JsonNode response = events.get(13).path("response");
        assertThat(response.path("output").path(0).path("content").path(0).path("text").stringValue()).isEqualTo("Hi there");
        assertThat(response.path("output").path(1).path("call_id").stringValue()).isEqualTo("call_a");
        assertThat(response.path("output").path(1).path("name").stringValue()).isEqualTo("now");
        assertThat(response.path("usage").path("input_tokens").intValue()).isEqualTo(7);
        assertThat(response.path("usage").path("output_tokens").intValue()).isEqualTo(3);
        assertThat(response.path("model").stringValue()).isEqualTo("deepseek-chat");
    }

    @Test
    void aChatCompletionBecomesAResponseAndAnswersAreScannedWhole() {
        String completion = "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"created\":5,\"model\":\"qwen-plus\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"the secretcode is\",\"tool_calls\":[{\"id\":\"call_z\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]},\"finish_reason\":\"tool_calls\"}],"
                + "\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":6,\"total_tokens\":10}}";
        JsonResponseProcessor processor = new JsonResponseProcessor(VIA_CHAT.jsonTranslator(), List.of(scan()));
        JsonNode response = Json.parseUpstream(processor.process(completion.getBytes(StandardCharsets.UTF_8)));
        assertThat(response.path("object").stringValue()).isEqualTo("response");
        assertThat(response.path("status").stringValue()).isEqualTo("completed");
        assertThat(response.path("output").path(0).path("content").path(0).path("text").stringValue()).isEqualTo("the ********** is");
        assertThat(response.path("output").path(1).path("type").stringValue()).isEqualTo("function_call");
        assertThat(response.path("output").path(1).path("arguments").stringValue()).isEqualTo("{\"a\":1}");
        assertThat(response.path("usage").path("total_tokens").intValue()).isEqualTo(10);

        JsonNode blocked = Json.parseUpstream(new JsonResponseProcessor(VIA_CHAT.jsonTranslator(), List.of(scan()))
                .process(completion.replace("secretcode", "forbiddenword").getBytes(StandardCharsets.UTF_8)));
        assertThat(blocked.toString()).doesNotContain("forbiddenword");
        assertThat(blocked.path("status").stringValue()).isEqualTo("incomplete");
        assertThat(blocked.path("incomplete_details").path("reason").stringValue()).isEqualTo("content_filter");
        assertThat(blocked.path("output")).hasSize(1);
        assertThat(blocked.path("output").path(0).path("content").path(0).path("text").stringValue()).isEqualTo("refused");
    }

    @Test
    void everyInputItemKindIsReadAndMaskedInPlace() {
        String body = """
                {"model":"gpt-4.1","instructions":"be brief secretcode","input":[
                 {"role":"user","content":"plain secretcode"},
                 {"type":"message","role":"user","content":[{"type":"input_text","text":"part secret"},{"type":"input_image","image_url":"https://x/y.png"},{"type":"input_text","text":"code"}]},
                 {"type":"message","role":"assistant","content":[{"type":"output_text","text":"said secretcode","annotations":[]}]},
                 {"type":"function_call","call_id":"c1","name":"lookup","arguments":"{\\"q\\":\\"secretcode\\"}"},
                 {"type":"function_call_output","call_id":"c1","output":"result secretcode"},
                 {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"thought secretcode"}]}],
                 "tools":[{"type":"function","name":"lookup","description":"finds secretcode","parameters":{"type":"object"}}],
                 "temperature":0.5}""";
        ChatRequest request = Protocol.RESPONSES.requestCodec().decode(body.getBytes(StandardCharsets.UTF_8));
        assertThat(request.model()).isEqualTo("gpt-4.1");
        assertThat(request.messages()).extracting(m -> m.role()).containsExactly("system", "user", "user", "assistant", "assistant",
                "tool", "assistant");
        List<String> seen = new ArrayList<>();
        ChatRequest masked = Protocol.RESPONSES.requestCodec().rewriteText(request, text -> {
            seen.add(text);
            return text.replace("secretcode", "**********");
        });
        assertThat(seen).contains("part secretcode", "finds secretcode", "{\"q\":\"secretcode\"}", "thought secretcode");
        String sent = new String(masked.raw(), StandardCharsets.UTF_8);
        assertThat(sent).doesNotContain("secretcode").contains("\"part ******\"").contains("\"****\"").contains("0.5");
    }

    @Test
    void anInputShapeTheWalkDoesNotKnowIsRefused() {
        for (String input : List.of("[{\"type\":\"new_thing\",\"text\":\"x\"}]", "[{\"role\":\"user\",\"content\":[{\"type\":\"input_video\"}]}]",
                "[\"bare string\"]", "[{\"role\":\"user\",\"content\":{\"text\":\"x\"}}]", "42")) {
            assertThatThrownBy(() -> Protocol.RESPONSES.requestCodec().decode(
                    ("{\"model\":\"m\",\"input\":" + input + "}").getBytes(StandardCharsets.UTF_8)))
                    .as(input).isInstanceOf(ProtocolException.class)
                    .satisfies(e -> assertThat(((ProtocolException) e).kind().status()).isEqualTo(400));
        }
        assertThatThrownBy(() -> Protocol.RESPONSES.requestCodec().decode("{\"model\":\"m\",\"input\":\"a\",\"input\":\"b\"}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void aResponsesRequestBecomesAChatRequest() {
        String body = """
                {"model":"deepseek-chat","instructions":"sys","stream":true,"max_output_tokens":50,"input":[
                 {"role":"user","content":[{"type":"input_text","text":"hi"}]},
                 {"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},
                 {"type":"function_call_output","call_id":"c1","output":"ok"}],
                 "tools":[{"type":"function","name":"f","parameters":{"type":"object"}}],"tool_choice":{"type":"function","name":"f"},
                 "text":{"format":{"type":"json_schema","name":"s","schema":{"type":"object"}}}}""";
        JsonNode chat = Json.parseUpstream(VIA_CHAT.upstreamBody(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(chat.path("messages").toString()).isEqualTo("[{\"role\":\"system\",\"content\":\"sys\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"ok\"}]");
        assertThat(chat.path("stream_options").path("include_usage").booleanValue()).isTrue();
        assertThat(chat.path("max_tokens").intValue()).isEqualTo(50);
        assertThat(chat.path("tools").path(0).path("function").path("name").stringValue()).isEqualTo("f");
        assertThat(chat.path("tool_choice").path("function").path("name").stringValue()).isEqualTo("f");
        assertThat(chat.path("response_format").path("json_schema").path("name").stringValue()).isEqualTo("s");
        assertThatThrownBy(() -> VIA_CHAT.upstreamBody("{\"model\":\"m\",\"input\":\"x\",\"previous_response_id\":\"resp_1\"}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> ProtocolBridge.of(Protocol.OPENAI, Protocol.RESPONSES)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAnthropicStreamReachesAResponsesClientThroughChatCompletions() {
        String out = stream(ProtocolBridge.of(Protocol.RESPONSES, Protocol.ANTHROPIC),
                new String(Transcripts.load("anthropic-stream.sse"), StandardCharsets.UTF_8));
        List<JsonNode> events = data(out);
        assertThat(events.get(0).path("type").stringValue()).isEqualTo("response.created");
        JsonNode end = events.get(events.size() - 1);
        assertThat(end.path("type").stringValue()).isEqualTo("response.completed");
        String deltas = events.stream().filter(e -> e.path("type").stringValue().equals("response.output_text.delta"))
                .map(e -> e.path("delta").stringValue()).reduce("", String::concat);
        assertThat(deltas).startsWith("你好，这是由模型生成的回答。 Hello there, ");
        assertThat(end.path("response").path("output").path(0).path("content").path(0).path("text").stringValue()).isEqualTo(deltas);
        assertThat(end.path("response").path("usage").path("input_tokens").intValue()).isEqualTo(25);
    }

    @Test
    void theSameKeyInDifferentObjectsIsFine() {
        ChatRequest request = Protocol.RESPONSES.requestCodec().decode(("{\"model\":\"m\",\"metadata\":{\"model\":\"x\",\"a\":{\"model\":\"y\"}},"
                + "\"input\":[{\"role\":\"user\",\"content\":\"one\"},{\"role\":\"assistant\",\"content\":\"two\"}]}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(request.model()).isEqualTo("m");
        assertThat(request.messages()).extracting(m -> m.text()).containsExactly("one", "two");
    }
}
