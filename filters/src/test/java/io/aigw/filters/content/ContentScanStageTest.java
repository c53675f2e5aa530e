package io.aigw.filters.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.pipeline.JsonResponseProcessor;
import io.aigw.filters.pipeline.StreamResponseProcessor;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolAdapter;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@link ContentScanStage} over the real translators, upstream bytes fed one at a time: tool-call
 * arguments, refusal and reasoning text are scanned with the same hold-back as content; a mask
 * inside a JSON string keeps the arguments valid JSON; signed reasoning is blocked, never masked.
 */
class ContentScanStageTest {

    private final ContentPolicy policy = ContentPolicy.builder()
            .lexicon(LexiconMatcher.builder()
                    .add("A1", "颠覆国家政权")
                    .add("A3", "发票代开")
                    .build())
            .action("A1", Action.BLOCK)
            .action("A3", Action.MASK)
            .defaultAction(Action.MASK)
            .build();
    private final List<ContentMatch> matches = new ArrayList<>();

    private ContentScanStage stage(Protocol protocol) {
        ProtocolAdapter adapter = ProtocolAdapters.of(protocol);
        return new ContentScanStage(policy, adapter.contentFilterFinishReason(), "refused", adapter.reasoningIsSigned(),
                adapter.answerGrammar().allTextIsOneAnswer(), matches::addAll);
    }

    private String stream(Protocol protocol, String upstream) {
        StreamResponseProcessor processor = new StreamResponseProcessor(ProtocolAdapters.of(protocol).newStreamTranslator(),
                List.of(stage(protocol)), 1 << 20);
        byte[] bytes = upstream.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            out.append(new String(processor.onBytes(bytes, i, 1), StandardCharsets.UTF_8));
        }
        out.append(new String(processor.onUpstreamEnd(), StandardCharsets.UTF_8));
        return out.toString();
    }

    private JsonNode json(Protocol protocol, String body) {
        JsonResponseProcessor processor = new JsonResponseProcessor(ProtocolAdapters.of(protocol).jsonTranslator(), List.of(stage(protocol)));
        return Json.parseUpstream(processor.process(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<JsonNode> dataOf(String sse) {
        List<JsonNode> result = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                result.add(Json.parseUpstream(line.substring(6)));
            }
        }
        return result;
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":"
                + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    private static String arguments(String sse) {
        StringBuilder arguments = new StringBuilder();
        for (JsonNode e : dataOf(sse)) {
            for (JsonNode call : e.path("choices").path(0).path("delta").path("tool_calls")) {
                arguments.append(call.path("function").path("arguments").asString(""));
            }
        }
        return arguments.toString();
    }

    private static String field(String sse, String name) {
        StringBuilder text = new StringBuilder();
        for (JsonNode e : dataOf(sse)) {
            JsonNode v = e.path("choices").path(0).path("delta").path(name);
            if (v.isString()) {
                text.append(v.stringValue());
            }
        }
        return text.toString();
    }

    private static String toolStream(String... pieces) {
        StringBuilder sb = new StringBuilder(chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"send\",\"arguments\":\"\"}}]}", null));
        for (String piece : pieces) {
            sb.append(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + quoted(piece) + "}}]}", null));
        }
        return sb.append(chunk("{}", "tool_calls")).append("data: [DONE]\n\n").toString();
    }

    private static String quoted(String text) {
        return new String(Json.write(tools.jackson.databind.node.StringNode.valueOf(text)), StandardCharsets.UTF_8);
    }

    @Test
    void aMaskedTermInStreamedArgumentsKeepsTheJsonValid() {
        String out = stream(Protocol.OPENAI, toolStream("{\"note\":\"请帮我发票", "代开\",\"n\":1}"));

        String args = arguments(out);
        assertThat(Json.parseUpstream(args).path("note").stringValue()).isEqualTo("请帮我****");
        assertThat(Json.parseUpstream(args).path("n").asInt()).isEqualTo(1);
        assertThat(out).doesNotContain("发票代开").doesNotContain("代开");
        assertThat(matches).extracting(ContentMatch::category).contains("A3");
    }

    @Test
    void aBlockedTermInStreamedArgumentsEndsTheAnswerWithContentFilter() {
        String out = stream(Protocol.OPENAI, toolStream("{\"q\":\"如何颠覆", "国家政权\"}"));

        assertThat(out).doesNotContain("颠覆").doesNotContain("国家政权");
        List<JsonNode> events = dataOf(out);
        assertThat(events.get(events.size() - 1).path("choices").path(0).path("finish_reason").stringValue()).isEqualTo("content_filter");
        assertThat(arguments(out)).isEqualTo("{\"q\":\"如何");
        assertThat(out).endsWith("data: [DONE]\n\n");
    }

    @Test
    void aBlockInTheFirstPieceOfArgumentsKeepsTheCallsIdAndName() {
        String first = chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"send\",\"arguments\":" + quoted("{\"q\":\"如何颠覆国家政权") + "}}]}", null);

        String out = stream(Protocol.OPENAI, first + chunk("{}", "tool_calls") + "data: [DONE]\n\n");

        assertThat(out).doesNotContain("颠覆");
        List<JsonNode> events = dataOf(out);
        JsonNode call = events.get(0).path("choices").path(0).path("delta").path("tool_calls").path(0);
        assertThat(call.path("id").stringValue()).isEqualTo("call_1");
        assertThat(call.path("function").path("name").stringValue()).isEqualTo("send");
        assertThat(arguments(out)).isEqualTo("{\"q\":\"如何");
        assertThat(events.get(events.size() - 1).path("choices").path(0).path("finish_reason").stringValue()).isEqualTo("content_filter");
    }

    @Test
    void refusalAndReasoningTextAreScannedToo() {
        String out = stream(Protocol.OPENAI, chunk("{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"用户要发票代开\"}", null)
                + chunk("{\"refusal\":\"不能提供发票代开\"}", null) + chunk("{}", "stop") + "data: [DONE]\n\n");

        assertThat(field(out, "reasoning_content")).isEqualTo("用户要****");
        assertThat(field(out, "refusal")).isEqualTo("不能提供****");
        // The reasoning is released before the refusal text that follows it.
        assertThat(out.indexOf("用户要")).isLessThan(out.indexOf("不能提供"));
    }

    @Test
    void reasoningBesideAnEmptyContentIsScannedAsReasoning() {
        // Qwen-style: "content":"" travels beside the reasoning text.
        String out = stream(Protocol.OPENAI, chunk("{\"role\":\"assistant\",\"content\":\"\",\"reasoning_content\":\"用户要发票代开\"}", null)
                + chunk("{\"content\":\"好的\"}", null) + chunk("{}", "stop") + "data: [DONE]\n\n");

        assertThat(out).doesNotContain("发票代开");
        assertThat(field(out, "reasoning_content")).isEqualTo("用户要****");
    }

    @Test
    void aChunkThePoliciesCannotSeeWholeIsRefusedNotPassedOn() {
        // Two texts in one delta: only one would be scanned.
        assertThatThrownBy(() -> stream(Protocol.OPENAI,
                chunk("{\"content\":\"好的\",\"reasoning_content\":\"发票代开\"}", null) + "data: [DONE]\n\n"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("more than one text");
        // Two choices in one chunk: the second would go out unscanned and unlabeled.
        String twoChoices = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":["
                + "{\"index\":0,\"delta\":{\"content\":\"好的\"},\"finish_reason\":null},"
                + "{\"index\":1,\"delta\":{\"content\":\"发票代开\"},\"finish_reason\":null}]}\n\n";
        assertThatThrownBy(() -> stream(Protocol.OPENAI, twoChoices + "data: [DONE]\n\n"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("more than one choice");
    }

    private static String anthropic(String type, String json) {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }

    private static final String START = anthropic("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}}");

    private static String thinking(String text) {
        return anthropic("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}")
                + anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"" + text + "\"}}")
                + anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"c2ln\"}}")
                + anthropic("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
    }

    private static final String TEXT_AND_END = anthropic("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
            + anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"好\"}}")
            + anthropic("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
            + anthropic("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":3}}")
            + anthropic("message_stop", "{\"type\":\"message_stop\"}");

    @Test
    void cleanThinkingPassesWithItsSignatureAfterItsText() {
        String upstream = START + thinking("想一想发") + TEXT_AND_END;

        String out = stream(Protocol.ANTHROPIC, upstream);

        assertThat(out).isEqualTo(upstream.replace(
                anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"想一想发\"}}"),
                anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"想一想\"}}")
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"发\"}}\n\n"));
        assertThat(out.indexOf("\"thinking\":\"发\"")).isLessThan(out.indexOf("signature_delta"));
    }

    @Test
    void aMaskedTermInSignedThinkingBlocksInsteadOfMasking() {
        String out = stream(Protocol.ANTHROPIC, START + thinking("用户要发票代开") + TEXT_AND_END);

        assertThat(out).doesNotContain("发票代开").doesNotContain("****").doesNotContain("signature_delta");
        List<JsonNode> events = dataOf(out);
        assertThat(events.get(events.size() - 2).path("delta").path("stop_reason").stringValue()).isEqualTo("refusal");
        assertThat(events.get(events.size() - 1).path("type").stringValue()).isEqualTo("message_stop");
        assertThat(out).doesNotContain("\"好\"");
    }

    @Test
    void anthropicStreamedPartialJsonIsMaskedInsideItsStrings() {
        String tool = anthropic("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}}")
                + anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\": \\\"发票\"}}")
                + anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"代开\\\"}\"}}")
                + anthropic("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + anthropic("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":3}}")
                + anthropic("message_stop", "{\"type\":\"message_stop\"}");

        String out = stream(Protocol.ANTHROPIC, START + tool);

        StringBuilder partial = new StringBuilder();
        for (JsonNode e : dataOf(out)) {
            if ("input_json_delta".equals(e.path("delta").path("type").asString(""))) {
                partial.append(e.path("delta").path("partial_json").stringValue());
            }
        }
        assertThat(Json.parseUpstream(partial.toString()).path("a").stringValue()).isEqualTo("****");
        assertThat(out.indexOf("partial_json")).isLessThan(out.lastIndexOf("content_block_stop"));
    }

    @Test
    void aMaskOutsideAJsonStringBlocksTheToolCall() {
        ContentPolicy digits = ContentPolicy.builder().lexicon(LexiconMatcher.builder().add("A3", "13800138000").build())
                .action("A3", Action.MASK).build();
        ContentScanStage stage = new ContentScanStage(digits, "content_filter", "refused", false, false, matches::addAll);
        JsonResponseProcessor processor = new JsonResponseProcessor(ProtocolAdapters.of(Protocol.OPENAI).jsonTranslator(), List.of(stage));
        String body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"t\",\"type\":\"function\",\"function\":{\"name\":\"call\",\"arguments\":\"{\\\"phone\\\":13800138000}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}";

        JsonNode out = Json.parseUpstream(processor.process(body.getBytes(StandardCharsets.UTF_8)));

        JsonNode choice = out.path("choices").get(0);
        assertThat(choice.path("finish_reason").stringValue()).isEqualTo("content_filter");
        assertThat(choice.path("message").path("content").stringValue()).isEqualTo("refused");
        assertThat(choice.path("message").has("tool_calls")).isFalse();
        assertThat(out.toString()).doesNotContain("13800138000");
    }

    @Test
    void jsonArgumentsAndRefusalAreMaskedWhole() {
        JsonNode out = json(Protocol.OPENAI, "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":null,\"refusal\":\"不做发票代开\",\"tool_calls\":[{\"id\":\"t\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"arguments\":\"{\\\"x\\\":\\\"发票代开\\\\n\\\"}\"}}]},\"finish_reason\":\"stop\"}]}");

        JsonNode message = out.path("choices").get(0).path("message");
        assertThat(message.path("refusal").stringValue()).isEqualTo("不做****");
        String args = message.path("tool_calls").get(0).path("function").path("arguments").stringValue();
        assertThat(Json.parseUpstream(args).path("x").stringValue()).isEqualTo("****\n");
    }
}
