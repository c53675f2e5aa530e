package io.aigw.filters.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import io.aigw.filters.sse.SseEvent;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The stream translators read chunks with a streaming parser; this checks, chunk by chunk, that they
 * decode exactly what the tree code they replaced decoded (kept below as the reference): the same
 * index, text, finish, end and text close, the same usage and type as read from the tree, the same
 * tree on demand, and the same protocol error for data that is not valid JSON.
 */
class ScannedDecodeMatchesTreeDecodeTest {

    /** What a decode gives, compared field by field. */
    private record Decoded(int index, String text, String finishReason, boolean end, boolean closesText,
            TokenCounts usage, String dataType, JsonNode payload, TextKind kind, List<ToolCallDelta> tools) {

        static Decoded of(ChatEvent e) {
            return new Decoded(e.index(), e.text(), e.finishReason(), e.end(), e.closesText(), e.usage(),
                    e.dataType(), e.payload(), e.kind(), e.tools());
        }
    }

    static Stream<String> openAiData() {
        String id = "\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\"";
        return Stream.concat(commonData(), Stream.of(
                "{" + id + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}",
                "{" + id + ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"你好 👋\\n\\\"q\\\"\"},\"finish_reason\":null}],\"usage\":null}",
                "{" + id + ",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                "{" + id + ",\"choices\":[],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":21,\"total_tokens\":40}}",
                "{\"choices\":[{\"index\":2,\"delta\":{\"content\":\"b\"}},{\"index\":3,\"delta\":{\"content\":\"c\"}}]}",
                "{\"choices\":[{\"finish_reason\":\"length\",\"delta\":{\"content\":\"a\"},\"index\":1}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\":\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}},{\"index\":1,\"id\":\"call_2\",\"function\":{\"name\":\"g\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":7}},\"x\",{\"index\":\"2\"}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"refusal\":\"No.\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hm\",\"content\":null}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hm\",\"content\":\"a\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\",\"reasoning\":\"hm\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hm\",\"reasoning\":\"hm\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hm\",\"reasoning\":\"other\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\",\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":13}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"logprobs\":{\"content\":[{\"token\":\"x\",\"logprob\":-0.1,\"bytes\":[120],\"top_logprobs\":[]}]}}]}",
                // duplicate keys: the last one counts, as in the tree
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"choices\":[{\"index\":1,\"delta\":{\"content\":\"b\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"choices\":[]}",
                "{\"choices\":[{\"delta\":{\"content\":\"a\"},\"delta\":{\"role\":\"assistant\"}}]}",
                "{\"choices\":[{\"delta\":{\"content\":\"a\",\"content\":7}}]}",
                "{\"usage\":{\"prompt_tokens\":1},\"usage\":{\"completion_tokens\":2}}",
                // wrong types read as absent
                "{\"choices\":{\"index\":1}}",
                "{\"choices\":[7,{\"index\":1}]}",
                "{\"choices\":[null]}",
                "{\"choices\":[[1,2]]}",
                "{\"choices\":[{\"index\":1,\"delta\":\"text\",\"finish_reason\":7}]}",
                "{\"choices\":[{\"index\":1,\"delta\":[\"content\"],\"finish_reason\":{\"a\":1}}]}",
                "{\"usage\":{\"prompt_tokens\":\"many\",\"completion_tokens\":2.5}}",
                "{\"usage\":[1,2]}",
                "{\"usage\":{\"prompt_tokens\":12345678901234}}"));
    }

    static Stream<SseEvent> anthropicEvents() {
        List<SseEvent> events = new ArrayList<>();
        for (String name : new String[] {null, "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop", "ping"}) {
            commonData().forEach(data -> events.add(SseEvent.of(name, data)));
        }
        Stream.of(
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg\",\"type\":\"message\",\"content\":[],\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "{\"type\": \"ping\"}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"你好\"}}",
                "{\"delta\":{\"text\":\"late type\",\"type\":\"text_delta\"},\"index\":0,\"type\":\"content_block_delta\"}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hm\"}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\"}}",
                "{\"type\":\"content_block_stop\",\"index\":0}",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"input\":{}}}",
                "{\"type\":\"content_block_stop\",\"index\":1}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}",
                "{\"usage\":{\"output_tokens\":15,\"input_tokens\":3},\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"}}",
                "{\"type\":\"message_stop\"}",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
                // duplicates and wrong types
                "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"},\"delta\":{\"type\":\"x\"}}",
                "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"a\",\"text\":null}}",
                "{\"type\":\"content_block_delta\",\"type\":7,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}",
                "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":\"text\"}",
                "{\"type\":\"content_block_start\",\"index\":3,\"content_block\":{\"type\":\"text\"},\"content_block\":{}}",
                "{\"type\":\"message_start\",\"message\":\"m\",\"usage\":{\"input_tokens\":1}}",
                "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":1}},\"message\":{}}",
                "{\"type\":\"message_delta\",\"message\":{\"usage\":{\"input_tokens\":1}},\"delta\":\"end_turn\"}",
                "{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":\"15\"}}")
                .forEach(data -> events.add(SseEvent.of(null, data)));
        return events.stream();
    }

    /** Data both protocols must treat alike: odd roots, odd indexes, and JSON that is not valid. */
    private static Stream<String> commonData() {
        return Stream.of("", "  ", "null", "42", "\"text\"", "[1,{\"index\":2}]", "{}",
                "{\"index\":\"3\"}", "{\"index\":\" 4\"}", "{\"index\":1.7}", "{\"index\":-2.9}", "{\"index\":1e3}",
                "{\"index\":9999999999}", "{\"index\":true}", "{\"index\":null}", "{\"index\":[1]}", "{\"index\":{}}",
                "{\"index\":1,\"index\":2}", "{\"choices\":[{\"index\":\"x\"}]}", "{\"choices\":[{\"index\":5.5}]}",
                // not valid JSON
                "{", "{\"a\":1", "{\"a\":1} {\"b\":2}", "{\"a\":1}x", "{\"a\":1},", "{'a':1}", "{a:1}", "[1,]",
                "{\"a\":1,}", "{\"s\":\"\\x\"}", "{\"s\":\"tab\there\"}", "{\"n\":01}", "{\"n\":1.}", "{\"n\":-}",
                "{\"n\":NaN}", "{\"n\":" + "1".repeat(1500) + "}", "{\"n\":1e" + "9".repeat(1500) + "}",
                "[".repeat(1200) + "]".repeat(1200), "{\"a\":tru}", "{\"a\":nul}", "}", "]", ":", "{\"a\" 1}",
                "{\"choices\":[{\"delta\":{\"content\":\"unterminated}}]}", "// comment\n{}", "{\"a\":1}\n{\"a\":2}");
    }

    @ParameterizedTest
    @MethodSource("openAiData")
    void openAiChunksDecodeAsFromTheTree(String data) {
        SseEvent event = SseEvent.of(null, data);
        Decoded expected;
        try {
            expected = TreeReference.openAi(data);
        } catch (RuntimeException e) {
            assertSameFailure(() -> decode(ProtocolAdapters.of(Protocol.OPENAI).newStreamTranslator(), event), e);
            return;
        }
        ChatEvent scanned = decode(ProtocolAdapters.of(Protocol.OPENAI).newStreamTranslator(), event);
        assertThat(scanned.payloadParsed()).isFalse();
        assertThat(Decoded.of(scanned)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("anthropicEvents")
    void anthropicEventsDecodeAsFromTheTree(SseEvent event) {
        // One text block (0) seen before, so that its stop closes text in both decodes.
        StreamTranslator translator = ProtocolAdapters.of(Protocol.ANTHROPIC).newStreamTranslator();
        translator.decode(SseEvent.of("content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"), new ArrayList<>());
        BitSet textBlocks = new BitSet();
        textBlocks.set(0);
        Decoded expected;
        try {
            expected = TreeReference.anthropic(event, textBlocks);
        } catch (IndexOutOfBoundsException e) {
            // A negative block index, which the tree reference's BitSet rejects: the decoder refuses it as a protocol error.
            assertThatThrownBy(() -> decode(translator, event)).isInstanceOfSatisfying(ProtocolException.class,
                    error -> assertThat(error.kind()).isEqualTo(ErrorKind.UPSTREAM_PROTOCOL));
            return;
        } catch (RuntimeException e) {
            assertSameFailure(() -> decode(translator, event), e);
            return;
        }
        ChatEvent scanned = decode(translator, event);
        assertThat(scanned.payloadParsed()).isFalse();
        assertThat(Decoded.of(scanned)).isEqualTo(expected);
    }

    private static void assertSameFailure(Runnable decode, RuntimeException expected) {
        Throwable actual = catchThrowable(decode::run);
        assertThat(actual).isExactlyInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
        if (expected instanceof ProtocolException protocolError) {
            assertThat(((ProtocolException) actual).kind()).isEqualTo(protocolError.kind());
        }
    }

    private static ChatEvent decode(StreamTranslator translator, SseEvent event) {
        List<ChatEvent> out = new ArrayList<>();
        translator.decode(event, out);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    /** The tree-based decoding the translators did before they read chunks with a streaming parser. */
    private static final class TreeReference {

        static Decoded openAi(String data) {
            JsonNode chunk = Json.parseUpstream(data);
            JsonNode choices = chunk.get("choices");
            if (choices != null && choices.isArray() && choices.size() > 1) {
                throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream sent a chunk with more than one choice (one choice per chunk is expected)");
            }
            JsonNode choice = choices != null && choices.isArray() && !choices.isEmpty() ? choices.get(0) : null;
            TokenCounts usage = ProtocolAdapters.of(Protocol.OPENAI).usage(chunk);
            String type = Json.stringOrNull(chunk, "type");
            if (choice == null) {
                return new Decoded(0, null, null, false, false, usage, type, chunk, TextKind.CONTENT, List.of());
            }
            JsonNode delta = choice.get("delta");
            String content = Json.stringOrNull(delta, "content");
            String refusal = Json.stringOrNull(delta, "refusal");
            String reasoning = Json.stringOrNull(delta, "reasoning_content");
            String alias = Json.stringOrNull(delta, "reasoning"); // Ollama, recent vLLM
            if (notEmpty(alias)) {
                if (notEmpty(reasoning) && !reasoning.equals(alias)) {
                    throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL,
                            "the upstream sent a chunk with two different reasoning texts (reasoning, reasoning_content)");
                }
                reasoning = alias;
            } else if (reasoning == null) {
                reasoning = alias;
            }
            long texts = java.util.stream.Stream.of(content, refusal, reasoning).filter(t -> t != null && !t.isEmpty()).count();
            if (texts > 1) {
                throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream sent a chunk with more than one text (content, refusal, reasoning_content)");
            }
            // The one non-empty text; else the first present (empty) one, in the order content, refusal, reasoning.
            TextKind kind = notEmpty(content) ? TextKind.CONTENT : notEmpty(refusal) ? TextKind.REFUSAL
                    : notEmpty(reasoning) ? TextKind.REASONING
                    : content != null ? TextKind.CONTENT : refusal != null ? TextKind.REFUSAL
                    : reasoning != null ? TextKind.REASONING : TextKind.CONTENT;
            String text = switch (kind) {
                case CONTENT -> content;
                case REFUSAL -> refusal;
                case REASONING -> reasoning;
            };
            List<ToolCallDelta> tools = new ArrayList<>();
            JsonNode calls = delta == null ? null : delta.get("tool_calls");
            if (calls != null && calls.isArray()) {
                for (int i = 0; i < calls.size(); i++) {
                    JsonNode call = calls.get(i);
                    if (call.isObject()) {
                        JsonNode function = call.get("function");
                        tools.add(new ToolCallDelta(call.path("index").asInt(i), Json.stringOrNull(call, "id"),
                                Json.stringOrNull(function, "name"), Json.stringOrNull(function, "arguments")));
                    }
                }
            }
            return new Decoded(choice.path("index").asInt(0), text,
                    Json.stringOrNull(choice, "finish_reason"), false, false, usage, type, chunk, kind, tools);
        }

        private static boolean notEmpty(String text) {
            return text != null && !text.isEmpty();
        }

        static Decoded anthropic(SseEvent event, BitSet textBlocks) {
            JsonNode data = Json.parseUpstream(event.data());
            String jsonType = Json.stringOrNull(data, "type");
            String type = jsonType != null ? jsonType : event.event();
            int index = data.path("index").asInt(0);
            TokenCounts usage = ProtocolAdapters.of(Protocol.ANTHROPIC).usage(data);
            String text = null;
            String finish = null;
            boolean end = false;
            boolean closes = false;
            TextKind kind = TextKind.CONTENT;
            List<ToolCallDelta> tools = List.of();
            switch (type == null ? "" : type) {
                case "content_block_delta" -> {
                    JsonNode delta = data.get("delta");
                    String deltaType = Json.stringOrNull(delta, "type");
                    text = "text_delta".equals(deltaType) ? Json.stringOrNull(delta, "text") : null;
                    if ("thinking_delta".equals(deltaType) && Json.stringOrNull(delta, "thinking") != null) {
                        text = Json.stringOrNull(delta, "thinking");
                        kind = TextKind.REASONING;
                    } else if ("input_json_delta".equals(deltaType) && Json.stringOrNull(delta, "partial_json") != null) {
                        tools = List.of(new ToolCallDelta(index, null, null, Json.stringOrNull(delta, "partial_json")));
                    }
                }
                case "message_delta" -> finish = Json.stringOrNull(data.get("delta"), "stop_reason");
                case "message_stop" -> end = true;
                case "content_block_start" -> {
                    JsonNode block = data.get("content_block");
                    String blockType = Json.stringOrNull(block, "type");
                    if ("text".equals(blockType) || "thinking".equals(blockType) || "tool_use".equals(blockType)) {
                        textBlocks.set(index);
                    }
                    if ("tool_use".equals(blockType)) {
                        tools = List.of(new ToolCallDelta(index, Json.stringOrNull(block, "id"), Json.stringOrNull(block, "name"), null));
                    }
                }
                case "content_block_stop" -> closes = textBlocks.get(index);
                default -> {
                }
            }
            return new Decoded(index, text, finish, end, closes, usage, jsonType, data, kind, tools);
        }
    }
}
