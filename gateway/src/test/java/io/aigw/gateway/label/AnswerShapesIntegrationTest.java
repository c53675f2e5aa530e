package io.aigw.gateway.label;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.aigw.gateway.label.ShapeTranscripts.ARGUMENTS;
import static io.aigw.gateway.label.ShapeTranscripts.JSON_DOC;
import static io.aigw.gateway.label.ShapeTranscripts.chunk;
import static io.aigw.gateway.label.ShapeTranscripts.completion;
import static io.aigw.gateway.label.ShapeTranscripts.event;
import static io.aigw.gateway.label.ShapeTranscripts.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.label.Receipts;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.audit.AuditLines;
import io.aigw.gateway.audit.AuditProperties;
import io.aigw.filters.audit.AuditWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Issue 20 end to end: every answer shape, streamed and not, both protocols, through the official
 * SDKs against upstream transcripts in the providers' documented formats. No shape gets text that
 * breaks it; every answer a person reads is labeled per choice; the audit line and the receipt say
 * what went out.
 */
class AnswerShapesIntegrationTest extends GatewayIntegrationTest {

    private static final String ZH = LabelConfig.DEFAULT_ZH_CN;
    private static final String PREFIX = ZH + "\n\n";
    private static final String OPTOUT_KEY = "optout-key";

    @Autowired
    AuditWriter writer;

    @Autowired
    AuditProperties auditProperties;

    @Autowired
    MeterRegistry meters;

    private void stubJson(String body) {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
    }

    private void stubStream(String body) {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(body).withChunkedDribbleDelay(17, 100)));
    }

    private OpenAIClient openAi(String key, String requestId) {
        return OpenAIOkHttpClient.builder().baseUrl(gatewayUrl("/v1")).apiKey(key).maxRetries(0)
                .putHeader("X-Request-Id", requestId).build();
    }

    private AnthropicClient anthropic(String requestId) {
        return AnthropicOkHttpClient.builder().baseUrl(gatewayUrl("")).apiKey(KEY).maxRetries(0)
                .putHeader("X-Request-Id", requestId).build();
    }

    /** A streamed answer as the OpenAI SDK's accumulator puts it together. */
    private ChatCompletion streamed(String requestId, ChatCompletionCreateParams params) {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = openAi(KEY, requestId).chat().completions().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        return accumulator.chatCompletion();
    }

    /** A streamed answer as the Anthropic SDK's accumulator puts it together. */
    private Message streamedMessage(String requestId) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (var stream = anthropic(requestId).messages().createStreaming(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(1024).addUserMessage("hi").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        return accumulator.message();
    }

    private JsonNode auditLine(String requestId) {
        return new AuditLines(writer, auditProperties).theLineOf(requestId);
    }

    private static String newId() {
        return "shape-" + UUID.randomUUID();
    }

    private static ChatCompletionCreateParams.Builder chat() {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi");
    }

    // ------------------------------------------------------------------ OpenAI tool calls


    @Test
    void openAiToolCallGetsNoTextAndItsArgumentsByteForByte() {
        stubJson(ShapeTranscripts.openAiToolCall());
        String id = newId();
        double exempt = exemptAnswers();

        ChatCompletion completion = openAi(KEY, id).chat().completions().create(chat().build());

        ChatCompletionMessage message = completion.choices().get(0).message();
        assertThat(message.content()).isEmpty();
        assertThat(message.toolCalls().orElseThrow()).singleElement().satisfies(call -> {
            assertThat(call.asFunction().function().name()).isEqualTo("get_weather");
            assertThat(call.asFunction().function().arguments()).isEqualTo(ARGUMENTS);
        });
        assertThat(completion.choices().get(0).finishReason()).hasToString("tool_calls");
        Object aigc = completion._additionalProperties().get("aigc").convert(Object.class);
        assertThat(aigc).isNotNull();
        JsonNode line = auditLine(id);
        assertThat(line.path("explicit_labels").toString()).isEqualTo("[\"omitted:tool_call\"]");
        assertThat(line.path("label").path("explicit").booleanValue()).isTrue();
        assertThat(line.path("receipt").stringValue()).isNotEmpty();
        assertThat(exemptAnswers()).as("answers labeled without a visible label").isEqualTo(exempt + 1);
    }

    private double exemptAnswers() {
        Counter counter = meters.find(LabelMetrics.EXPLICIT_EXEMPT).tag("product", "test-app").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void openAiStreamedToolCallGetsNoTextAndItsArgumentsByteForByte() {
        stubStream(ShapeTranscripts.openAiToolCallStream());
        String id = newId();
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        AtomicReference<ChatCompletionChunk> last = new AtomicReference<>();

        try (StreamResponse<ChatCompletionChunk> stream = openAi(KEY, id).chat().completions().createStreaming(chat().build())) {
            stream.stream().forEach(c -> {
                accumulator.accumulate(c);
                last.set(c);
            });
        }

        ChatCompletionMessage message = accumulator.chatCompletion().choices().get(0).message();
        assertThat(message.content().orElse("")).isEmpty();
        assertThat(message.toolCalls().orElseThrow()).singleElement()
                .satisfies(call -> assertThat(call.asFunction().function().arguments()).isEqualTo(ARGUMENTS));
        String receipt = last.get()._additionalProperties().get("aigc_receipt").asStringOrThrow();
        JsonNode claims = claimsOf(receipt);
        assertThat(claims.path("choices").get(0).path("omitted").stringValue()).isEqualTo("tool_call");
        assertThat(claims.path("choices").get(0).path("tool_calls").get(0).path("name").stringValue()).isEqualTo("get_weather");
        assertThat(claims.path("choices").get(0).path("tool_calls").get(0).path("arguments_sha256").stringValue())
                .isEqualTo(Receipts.contentSha256(ARGUMENTS));
        assertThat(auditLine(id).path("explicit_labels").toString()).isEqualTo("[\"omitted:tool_call\"]");
    }

    // ------------------------------------------------------------------ structured outputs

    @Test
    void openAiJsonModeAnswerStaysTheJsonDocumentAndIsAuditedAsStructured() {
        stubJson(ShapeTranscripts.openAiJson());
        String id = newId();

        ChatCompletion completion = openAi(KEY, id).chat().completions()
                .create(chat().responseFormat(ResponseFormatJsonObject.builder().build()).build());

        assertThat(Json.parseUpstream(completion.choices().get(0).message().content().orElseThrow()))
                .isEqualTo(Json.parseUpstream(JSON_DOC));
        assertThat(completion.choices().get(0).message().content()).hasValue(JSON_DOC);
        assertThat(auditLine(id).path("explicit_labels").toString()).isEqualTo("[\"omitted:structured\"]");
    }

    @Test
    void openAiStreamedJsonSchemaAnswerStaysTheJsonDocument() {
        stubStream(ShapeTranscripts.openAiJsonStream());
        String id = newId();
        String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"a\",\"strict\":true,\"schema\":{\"type\":\"object\"}}}}";

        HttpResponse<String> response = send("/v1/chat/completions", body, "Authorization", "Bearer " + KEY, "X-Request-Id", id);

        StringBuilder content = new StringBuilder();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode delta = Json.parseUpstream(line.substring(6)).path("choices").path(0).path("delta");
                if (delta.path("content").isString()) {
                    content.append(delta.path("content").stringValue());
                }
            }
        }
        assertThat(content).as(response.body()).hasToString(JSON_DOC);
        assertThat(response.headers().firstValue("AIGC")).isPresent();
        assertThat(auditLine(id).path("explicit_labels").toString()).isEqualTo("[\"omitted:structured\"]");
    }

    // ------------------------------------------------------------------ several choices, refusal

    @Test
    void openAiTwoChoicesAreBothLabeledAndVerifyByIndex() {
        stubJson(ShapeTranscripts.openAiTwoChoices());
        String id = newId();

        ChatCompletion completion = openAi(KEY, id).chat().completions().create(chat().n(2).build());

        assertThat(completion.choices().get(0).message().content()).hasValue(PREFIX + "第一");
        assertThat(completion.choices().get(1).message().content()).hasValue(PREFIX + "第二");
        assertThat(auditLine(id).path("explicit_labels").toString()).isEqualTo("[\"in_text\",\"in_text\"]");
        String receipt = auditLine(id).path("receipt").stringValue();
        assertThat(verify(PREFIX + "第二", receipt, 1).path("valid").booleanValue()).isTrue();
        assertThat(verify(PREFIX + "第二", receipt, 0).path("valid").booleanValue()).isFalse();
        assertThat(verify(PREFIX + "第一", receipt, null).path("valid").booleanValue()).isTrue();
    }

    @Test
    void openAiTwoStreamedChoicesAreEachLabeled() {
        stubStream(ShapeTranscripts.openAiTwoChoicesStream());
        String id = newId();

        ChatCompletion completion = streamed(id, chat().n(2).build());

        assertThat(completion.choices().get(0).message().content()).hasValue(PREFIX + "第一");
        assertThat(completion.choices().get(1).message().content()).hasValue(PREFIX + "第二个");
        assertThat(auditLine(id).path("explicit_labels").toString()).isEqualTo("[\"in_text\",\"in_text\"]");
    }

    @Test
    void openAiRefusalIsLabeledAsRefusalText() {
        stubJson(ShapeTranscripts.openAiRefusal());
        String id = newId();

        ChatCompletion completion = openAi(KEY, id).chat().completions().create(chat().build());

        assertThat(completion.choices().get(0).message().content()).isEmpty();
        assertThat(completion.choices().get(0).message().refusal()).hasValue(PREFIX + "I'm sorry, I can't help with that.");
        assertThat(auditLine(id).path("explicit_labels").toString()).isEqualTo("[\"in_text\"]");
    }

    @Test
    void openAiReasoningContentPassesUnlabeled() {
        String reasoning = chunk(0, "{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"先想一想。\"}", null);
        stubStream(reasoning + chunk(0, "{\"content\":\"答案\",\"reasoning_content\":null}", null) + chunk(0, "{}", "stop") + "data: [DONE]\n\n");

        HttpResponse<String> response = send("/v1/chat/completions",
                "{\"model\":\"deepseek-reasoner\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + KEY);

        assertThat(response.body()).startsWith(reasoning);
        assertThat(response.body()).contains("\"content\":" + quoted(PREFIX));
    }

    // ------------------------------------------------------------------ a stream cut inside a tool call

    private static String toolCallCutByTheContentPolicy(String firstArguments) {
        return chunk(0, "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_cut\","
                + "\"type\":\"function\",\"function\":{\"name\":\"search\",\"arguments\":" + quoted(firstArguments) + "}}],\"refusal\":null}", null)
                + chunk(0, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"forbiddenword and more\\\"}\"}}]}", null)
                + chunk(0, "{}", "tool_calls") + "data: [DONE]\n\n";
    }

    @Test
    void aToolCallStreamCutByTheContentPolicyIsAuditedAsAToolCallPerChoice() {
        stubStream(toolCallCutByTheContentPolicy("{\"q\":\"about "));
        String id = newId();

        ChatCompletion completion = streamed(id, chat().build());

        assertThat(completion.choices().get(0).finishReason()).hasToString("content_filter");
        assertThat(completion.choices().get(0).message().content().orElse("")).isEmpty();
        assertThat(completion.choices().get(0).message().toolCalls().orElseThrow()).singleElement().satisfies(call -> {
            assertThat(call.asFunction().function().name()).isEqualTo("search");
            assertThat(call.asFunction().function().arguments()).doesNotContain("forbidden").startsWith("{\"q\":\"about ");
        });
        JsonNode line = auditLine(id);
        assertThat(line.path("outcome").stringValue()).isEqualTo("blocked");
        assertThat(line.path("explicit_labels").toString()).as(line.toString()).isEqualTo("[\"omitted:tool_call\"]");
        assertThat(line.path("generated").booleanValue()).isTrue();
    }

    @Test
    void aToolCallStreamBlockedInItsFirstChunkStillNamesTheCallAndIsAuditedAsAToolCall() {
        stubStream(toolCallCutByTheContentPolicy("{\"q\":\"forbiddenword "));
        String id = newId();

        ChatCompletion completion = streamed(id, chat().build());

        assertThat(completion.choices().get(0).finishReason()).hasToString("content_filter");
        assertThat(completion.choices().get(0).message().toolCalls().orElseThrow()).singleElement().satisfies(call -> {
            assertThat(call.asFunction().id()).isEqualTo("call_cut");
            assertThat(call.asFunction().function().name()).isEqualTo("search");
            assertThat(call.asFunction().function().arguments()).isEqualTo("{\"q\":\"");
        });
        JsonNode line = auditLine(id);
        assertThat(line.path("outcome").stringValue()).isEqualTo("blocked");
        assertThat(line.path("explicit_labels").toString()).as(line.toString()).isEqualTo("[\"omitted:tool_call\"]");
    }

    // ------------------------------------------------------------------ opt-out

    @Test
    void anOptedOutProductGetsNoExplicitLabelAndTheAuditLineNamesTheAgreement() {
        stubJson(completion("{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"你好\"},\"finish_reason\":\"stop\"}"));
        String id = newId();

        ChatCompletion completion = openAi(OPTOUT_KEY, id).chat().completions().create(chat().build());

        assertThat(completion.choices().get(0).message().content()).hasValue("你好");
        assertThat(completion._additionalProperties()).containsKey("aigc");
        JsonNode line = auditLine(id);
        assertThat(line.path("explicit_labels").toString()).isEqualTo("[\"omitted:opt_out\"]");
        assertThat(line.path("label_basis").stringValue()).startsWith("User Agreement v3 §7.2");
    }

    // ------------------------------------------------------------------ Anthropic

    @Test
    void anthropicToolUseOnlyGetsNoTextBlock() {
        stubJson(ShapeTranscripts.anthropicToolUse());
        String id = newId();

        Message message = anthropic(id).messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(64).addUserMessage("hi").build());

        assertThat(message.content()).singleElement().satisfies(block -> {
            assertThat(block.isToolUse()).isTrue();
            assertThat(block.asToolUse().name()).isEqualTo("get_weather");
            assertThat(block.asToolUse()._input().convert(Object.class)).isEqualTo(java.util.Map.of("location", "北京", "unit", "celsius"));
        });
        assertThat(auditLine(id).path("explicit_labels").toString()).isEqualTo("[\"omitted:tool_call\"]");
    }

    @Test
    void anthropicStreamedToolUseAndThinkingWithItsSignaturePassAsTheyCame() {
        String thinking = event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"用户问天气。\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        String tool = event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\",\"input\":{}}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"location\\\": \\\"北\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"京\\\"}\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}");
        String upstream = event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_s\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}")
                + thinking + tool
                + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":30}}")
                + event("message_stop", "{\"type\":\"message_stop\"}");
        stubStream(upstream);
        String id = newId();

        Message message = streamedMessage(id);

        assertThat(message.content()).hasSize(2);
        ContentBlock first = message.content().get(0);
        assertThat(first.asThinking().thinking()).isEqualTo("用户问天气。");
        assertThat(first.asThinking().signature()).isEqualTo("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds");
        assertThat(message.content().get(1).asToolUse()._input().convert(Object.class)).isEqualTo(java.util.Map.of("location", "北京"));
        JsonNode line = auditLine(id);
        assertThat(line.path("explicit_labels").toString()).isEqualTo("[\"omitted:tool_call\"]");
        assertThat(claimsOf(line.path("receipt").stringValue()).path("choices").get(0).path("tool_calls").get(0)
                .path("arguments_sha256").stringValue()).isEqualTo(Receipts.contentSha256("{\"location\": \"北京\"}"));
    }

    @Test
    void anthropicSeveralTextBlocksAreLabeledOncePerMessage() {
        stubJson(ShapeTranscripts.anthropicTextBlocks());
        String id = newId();

        Message message = anthropic(id).messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(64).addUserMessage("hi").build());

        List<String> texts = new ArrayList<>();
        message.content().forEach(b -> b.text().ifPresent(t -> texts.add(t.text())));
        assertThat(texts).containsExactly(PREFIX + "第一段。", "第二段。");
        assertThat(auditLine(id).path("explicit_labels").toString()).isEqualTo("[\"in_text\"]");
    }

    // ------------------------------------------------------------------ Anthropic refusals (stop_reason "refusal")

    @Test
    void anthropicRefusalWithTextIsScannedAndLabeledLikeContent() {
        stubJson("""
                {"id":"msg_r","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"Hello.. my secretcode"}],
                 "stop_reason":"refusal","stop_sequence":null,"usage":{"input_tokens":4,"output_tokens":3}}""");
        String id = newId();

        Message message = anthropic(id).messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(64).addUserMessage("hi").build());

        assertThat(message.stopReason()).hasValueSatisfying(r -> assertThat(r).hasToString("refusal"));
        assertThat(message.content()).singleElement()
                .satisfies(b -> assertThat(b.asText().text()).isEqualTo(PREFIX + "Hello.. my **********"));
        assertThat(message._additionalProperties()).containsKey("aigc");
        JsonNode line = auditLine(id);
        assertThat(line.path("explicit_labels").toString()).isEqualTo("[\"in_text\"]");
        assertThat(line.path("completion").path("outcome").stringValue()).isEqualTo("mask");
        assertThat(line.path("outcome").stringValue()).isEqualTo("served");
    }

    @Test
    void anthropicStreamedRefusalWithTextIsLabeledLikeContent() {
        stubStream(ShapeTranscripts.anthropicStream(ShapeTranscripts.textBlock(0, "Hello.."), "refusal"));
        String id = newId();

        Message message = streamedMessage(id);

        assertThat(message.stopReason()).hasValueSatisfying(r -> assertThat(r).hasToString("refusal"));
        assertThat(message.content()).singleElement().satisfies(b -> assertThat(b.asText().text()).isEqualTo(PREFIX + "Hello.."));
        JsonNode line = auditLine(id);
        assertThat(line.path("explicit_labels").toString()).isEqualTo("[\"in_text\"]");
        assertThat(line.path("receipt").stringValue()).isNotEmpty();
        assertThat(line.path("outcome").stringValue()).isEqualTo("served");
    }

    @Test
    void anthropicRefusalWithoutTextGetsNoInsertedTextAndIsAuditedAsARefusal() {
        stubJson("""
                {"id":"msg_r","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],
                 "stop_reason":"refusal","stop_sequence":null,"usage":{"input_tokens":4,"output_tokens":0}}""");
        String id = newId();

        Message message = anthropic(id).messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(64).addUserMessage("hi").build());

        assertThat(message.content()).isEmpty();
        assertThat(message.stopReason()).hasValueSatisfying(r -> assertThat(r).hasToString("refusal"));
        assertThat(message._additionalProperties()).containsKey("aigc");
        JsonNode line = auditLine(id);
        assertThat(line.path("explicit_labels").toString()).isEqualTo("[\"omitted:refusal\"]");
        assertThat(claimsOf(line.path("receipt").stringValue()).path("choices").get(0).path("omitted").stringValue()).isEqualTo("refusal");
    }

    @Test
    void anthropicStreamedRefusalWithoutTextGetsNoInsertedTextAndIsAuditedAsARefusal() {
        stubStream(ShapeTranscripts.anthropicStream("", "refusal"));
        String id = newId();

        Message message = streamedMessage(id);

        assertThat(message.content()).isEmpty();
        assertThat(message.stopReason()).hasValueSatisfying(r -> assertThat(r).hasToString("refusal"));
        JsonNode line = auditLine(id);
        assertThat(line.path("explicit_labels").toString()).isEqualTo("[\"omitted:refusal\"]");
        assertThat(line.path("receipt").stringValue()).isNotEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode verify(String content, String receipt, Integer choice) {
        String body = "{\"content\":" + quoted(content) + ",\"receipt\":\"" + receipt + "\"" + (choice == null ? "" : ",\"choice\":" + choice) + "}";
        HttpResponse<String> response = send("/aigc/verify", body);
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.parseUpstream(response.body());
    }

    private static JsonNode claimsOf(String receipt) {
        String payload = receipt.split("\\.")[1];
        return Json.parseUpstream(new String(java.util.Base64.getUrlDecoder().decode(payload), java.nio.charset.StandardCharsets.UTF_8));
    }
}
