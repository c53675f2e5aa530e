package io.aigw.gateway.label;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.label.Receipts;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.TestRoutes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Issue 5 end to end: labels, implicit metadata, receipts, endpoints and metrics on real answers. */
class LabelIntegrationTest extends GatewayIntegrationTest {

    private static final String ZH = LabelConfig.DEFAULT_ZH_CN;
    private static final String EN = LabelConfig.DEFAULT_EN;
    /** Asks for the usage chunk, so the stream is the upstream's whole (a client that does not ask never gets it). */
    private static final String OPENAI_STREAM = "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String OPENAI_JSON = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String ANTHROPIC_STREAM = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String ANTHROPIC_JSON = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1763983201,"model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant","content":"你好！Hello.","refusal":null},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}""";
    private static final String MESSAGE = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
             "content":[{"type":"text","text":"你好，这是回答。"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":4,"output_tokens":6}}""";
    private static final String AIGC_FIELDS = "[Label, ContentProducer, ProduceID, ReservedCode1, ContentPropagator, PropagateID, ReservedCode2]";

    @Autowired
    MeterRegistry meters;

    private void stubJson(String body) {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private void stubStream(String body) {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(body).withChunkedDribbleDelay(23, 150)));
    }

    private OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().baseUrl(gatewayUrl("/v1")).apiKey(KEY).maxRetries(0).build();
    }

    private AnthropicClient anthropic(String key) {
        return AnthropicOkHttpClient.builder().baseUrl(gatewayUrl("")).apiKey(key).maxRetries(0).build();
    }

    // ------------------------------------------------------------------ OpenAI

    @Test
    void openAiJsonAnswerCarriesEveryLabelAndAReceiptThatNimbusVerifies() throws Exception {
        stubJson(COMPLETION);
        double generated = count(LabelMetrics.GENERATED, "test-app");
        double labeled = count(LabelMetrics.LABELED, "test-app");

        HttpResponse<String> response = send("/v1/chat/completions", OPENAI_JSON, "Authorization", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Json.parseUpstream(response.body());
        String content = body.path("choices").get(0).path("message").path("content").stringValue();
        assertThat(content).isEqualTo(ZH + "\n\n你好！Hello.");
        String receipt = response.headers().firstValue("AIGC-Receipt").orElseThrow();
        JsonNode aigcHeader = Json.parseUpstream(response.headers().firstValue("AIGC").orElseThrow());
        assertThat(body.get("aigc")).isEqualTo(aigcHeader);
        assertAigc(aigcHeader, "001191110102MAD55U9H0F10002", receipt);
        assertThat(response.headers().firstValue("AI-Disclosure")).hasValueSatisfying(LabelIntegrationTest::assertDisclosure);
        Map<String, Object> claims = verifyWithNimbus(receipt, content);
        assertThat(claims).containsEntry("product", "test-app").containsEntry("model", "gpt-4o")
                .containsEntry("produce_id", aigcHeader.path("ProduceID").stringValue());
        assertThat(count(LabelMetrics.GENERATED, "test-app")).isEqualTo(generated + 1);
        assertThat(count(LabelMetrics.LABELED, "test-app")).isEqualTo(labeled + 1);
    }

    @Test
    void openAiSdkStreamsTheLabelAndTheLastChunkCarriesAigcAndTheReceipt() throws Exception {
        stubStream(transcript("openai-stream.sse"));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        AtomicReference<ChatCompletionChunk> last = new AtomicReference<>();
        List<String> deltas = new ArrayList<>();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").build();
        try (StreamResponse<ChatCompletionChunk> stream = openAi().chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                accumulator.accumulate(chunk);
                chunk.choices().stream().findFirst().flatMap(c -> c.delta().content()).filter(t -> !t.isEmpty()).ifPresent(deltas::add);
                last.set(chunk);
            });
        }
        String content = accumulator.chatCompletion().choices().get(0).message().content().orElseThrow();
        assertThat(deltas.get(0)).as("the label is the first content delta").isEqualTo(ZH + "\n\n");
        assertThat(content).isEqualTo(ZH + "\n\n你好！我是一个AI助手。Hello, world! 👋 Café naïve.");
        Map<String, JsonValue> extra = last.get()._additionalProperties();
        String receipt = extra.get("aigc_receipt").asStringOrThrow();
        JsonNode aigc = Json.parseUpstream(Json.MAPPER.writeValueAsString(extra.get("aigc").convert(Object.class)));
        assertAigc(aigc, "001191110102MAD55U9H0F10002", receipt);
        verifyWithNimbus(receipt, content);
    }

    @Test
    void openAiLabeledStreamIsTheUpstreamsPlusTheLabelChunkAndTheAigcFields() {
        String upstream = transcript("openai-stream.sse");
        stubStream(upstream);

        HttpResponse<String> response = send(TestRoutes.OPENAI_LABEL_ONLY, OPENAI_STREAM, "Authorization", "Bearer " + KEY);

        assertThat(response.headers().firstValue("AI-Disclosure")).isPresent();
        JsonNode provisional = Json.parseUpstream(response.headers().firstValue("AIGC").orElseThrow());
        assertThat(provisional.path("ReservedCode1").stringValue()).isEmpty();
        List<String> sent = events(response.body());
        List<String> original = events(upstream);
        assertThat(sent).hasSize(original.size() + 1);
        int firstContent = firstIndexContaining(original, "\"content\":\"你好");
        List<String> expected = new ArrayList<>(original);
        // The prefix: one new chunk of the same completion, just before the first content chunk.
        JsonNode label = data(sent.get(firstContent));
        assertThat(label.path("id").stringValue()).isEqualTo(data(original.get(0)).path("id").stringValue());
        assertThat(label.path("choices").get(0).path("delta").path("content").stringValue()).isEqualTo(ZH + "\n\n");
        expected.add(firstContent, sent.get(firstContent));
        // The implicit label: on the last JSON chunk before [DONE]; that chunk is otherwise unchanged.
        int lastJson = expected.size() - 2;
        ObjectNode carrier = (ObjectNode) data(sent.get(lastJson));
        assertThat(carrier.remove("aigc")).isNotNull();
        assertThat(carrier.remove("aigc_receipt")).isNotNull();
        assertThat(carrier).isEqualTo(data(expected.get(lastJson)));
        expected.set(lastJson, sent.get(lastJson));
        // Every other event is the upstream's, byte for byte.
        assertThat(sent).isEqualTo(expected);
        assertThat(sent.get(sent.size() - 1)).isEqualTo("data: [DONE]");
    }

    // ------------------------------------------------------------------ Anthropic

    @Test
    void anthropicJsonAnswerIsLabeledWithHeadersAndAigc() throws Exception {
        stubJson(MESSAGE);

        Message message = anthropic(KEY).messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(64).addUserMessage("hi").build());

        assertThat(message.content().get(0).text()).hasValueSatisfying(t -> assertThat(t.text()).isEqualTo(ZH + "\n\n你好，这是回答。"));
        HttpResponse<String> raw = send("/v1/messages", ANTHROPIC_JSON, "x-api-key", KEY);
        String receipt = raw.headers().firstValue("AIGC-Receipt").orElseThrow();
        assertAigc(Json.parseUpstream(raw.body()).get("aigc"), "001191110102MAD55U9H0F10002", receipt);
        verifyWithNimbus(receipt, ZH + "\n\n你好，这是回答。");
    }

    @Test
    void anthropicSdkStreamsTheLabelAndMessageStopCarriesTheReceipt() throws Exception {
        String upstream = transcript("anthropic-stream.sse");
        stubStream(upstream);
        MessageAccumulator accumulator = MessageAccumulator.create();
        AtomicReference<RawMessageStreamEvent> last = new AtomicReference<>();
        try (var stream = anthropic(KEY).messages().createStreaming(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(64).addUserMessage("hi").build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                last.set(event);
            });
        }
        String text = accumulator.message().content().get(0).text().orElseThrow().text();
        assertThat(text).isEqualTo(ZH + "\n\n你好，这是由模型生成的回答。 Hello there, naïve café ☕.");
        assertThat(last.get().isMessageStop()).isTrue();
        var extra = last.get().asMessageStop()._additionalProperties();
        String receipt = extra.get("aigc_receipt").asStringOrThrow();
        assertThat(extra).containsKey("aigc");
        verifyWithNimbus(receipt, text);

        HttpResponse<String> response = send(TestRoutes.ANTHROPIC_LABEL_ONLY, ANTHROPIC_STREAM, "x-api-key", KEY);
        List<String> sent = events(response.body());
        List<String> original = events(upstream);
        int firstDelta = firstIndexContaining(original, "text_delta");
        assertThat(sent.get(firstDelta)).isEqualTo("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + ZH + "\\n\\n\"}}");
        assertThat(sent.subList(0, firstDelta)).isEqualTo(original.subList(0, firstDelta));
        assertThat(sent.subList(firstDelta + 1, sent.size() - 1)).isEqualTo(original.subList(firstDelta, original.size() - 1));
        assertThat(sent.get(sent.size() - 1)).startsWith("event: message_stop\n").contains("\"aigc\":{\"Label\":\"1\"");
    }

    @Test
    void routeSettingsPutAnEnglishSuffixBeforeTheTextBlocksStop() throws Exception {
        String upstream = transcript("anthropic-stream.sse");
        stubStream(upstream);

        HttpResponse<String> response = send(TestRoutes.ANTHROPIC_SUFFIX_EN, ANTHROPIC_STREAM, "x-api-key", KEY);

        List<String> sent = events(response.body());
        List<String> original = events(upstream);
        int stop = firstIndexContaining(original, "content_block_stop");
        assertThat(sent.subList(0, stop)).as("no prefix: the head is the upstream's").isEqualTo(original.subList(0, stop));
        assertThat(sent.get(stop)).isEqualTo("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"\\n\\n" + EN + "\"}}");
        assertThat(sent.get(stop + 1)).isEqualTo(original.get(stop));
        String receipt = data(sent.get(sent.size() - 1)).path("aigc_receipt").stringValue();
        Map<String, Object> claims = verifyWithNimbus(receipt, "你好，这是由模型生成的回答。 Hello there, naïve café ☕.\n\n" + EN);
        assertThat(claims.get("label")).isEqualTo(Map.of("explicit", "suffix", "implicit", true));
    }

    @Test
    void productSettingsWinOverTheRoutesAndTheGlobalOnes() throws Exception {
        stubJson(MESSAGE);

        Message message = anthropic("label-key").messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(64).addUserMessage("hi").build());

        assertThat(message.content().get(0).text()).hasValueSatisfying(t -> assertThat(t.text())
                .isEqualTo(EN + "\n\n你好，这是回答。\n\n" + EN));
    }

    // ------------------------------------------------------------------ blocked answers and errors

    @Test
    void answersTheContentPolicyBlockedCarryTheRefusalNotAGeneratedLabel() {
        double blocked = count(LabelMetrics.BLOCKED, "test-app");
        stubJson(COMPLETION.replace("你好！Hello.", "a forbiddenword here"));
        HttpResponse<String> openAi = send("/v1/chat/completions", OPENAI_JSON, "Authorization", "Bearer " + KEY);
        assertThat(openAi.body()).doesNotContain("forbiddenword").doesNotContain(ZH).contains("content_filter");
        assertThat(openAi.headers().firstValue("AIGC")).isEmpty();

        stubJson(MESSAGE.replace("你好，这是回答。", "a forbiddenword here"));
        HttpResponse<String> anthropic = send("/v1/messages", ANTHROPIC_JSON, "x-api-key", KEY);
        assertThat(anthropic.body()).doesNotContain("forbiddenword").doesNotContain(ZH).contains("\"stop_reason\":\"refusal\"");
        assertThat(count(LabelMetrics.BLOCKED, "test-app")).isEqualTo(blocked + 2);
    }

    @Test
    void refusalsTheUpstreamSentAreLabeledLikeTextOrRecordedWithoutText() {
        double blocked = count(LabelMetrics.BLOCKED, "test-app");
        double generated = count(LabelMetrics.GENERATED, "test-app");
        stubJson(COMPLETION.replace("你好！Hello.", "Sorry, I can't help with that.").replace("\"stop\"", "\"content_filter\""));
        HttpResponse<String> openAi = send("/v1/chat/completions", OPENAI_JSON, "Authorization", "Bearer " + KEY);
        assertThat(Json.parseUpstream(openAi.body()).path("choices").get(0).path("message").path("content").stringValue())
                .isEqualTo(ZH + "\n\nSorry, I can't help with that.");
        assertThat(openAi.headers().firstValue("AIGC")).isPresent();

        stubStream("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"content_filter\"}]}\n\n"
                + "data: [DONE]\n\n");
        HttpResponse<String> stream = send("/v1/chat/completions", OPENAI_STREAM, "Authorization", "Bearer " + KEY);
        assertThat(stream.body()).doesNotContain(ZH).contains("aigc_receipt").contains("content_filter");

        String anthropicRefusal = MESSAGE.replace("你好，这是回答。", "I can't help with that.").replace("end_turn", "refusal");
        stubJson(anthropicRefusal);
        HttpResponse<String> anthropic = send("/v1/messages", ANTHROPIC_JSON, "x-api-key", KEY);
        assertThat(Json.parseUpstream(anthropic.body()).path("content").get(0).path("text").stringValue())
                .isEqualTo(ZH + "\n\nI can't help with that.");
        assertThat(count(LabelMetrics.BLOCKED, "test-app")).isEqualTo(blocked);
        assertThat(count(LabelMetrics.GENERATED, "test-app")).isEqualTo(generated + 3);
    }

    @Test
    void upstreamErrorsCarryNoLabel() {
        String error = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse()
                .withStatus(529).withHeader("Content-Type", "application/json").withBody(error)));
        HttpResponse<String> response = send("/v1/messages", ANTHROPIC_JSON, "x-api-key", KEY);
        assertThat(response.statusCode()).isEqualTo(529);
        assertThat(response.body()).isEqualTo(error);
        assertThat(response.headers().firstValue("AIGC")).isEmpty();
        assertThat(response.headers().firstValue("AI-Disclosure")).isEmpty();
    }

    // ------------------------------------------------------------------ endpoints

    @Test
    void verifyEndpointChecksAReceiptAgainstTheDeliveredText() {
        stubJson(COMPLETION);
        HttpResponse<String> answer = send("/v1/chat/completions", OPENAI_JSON, "Authorization", "Bearer " + KEY);
        String receipt = answer.headers().firstValue("AIGC-Receipt").orElseThrow();
        String content = Json.parseUpstream(answer.body()).path("choices").get(0).path("message").path("content").stringValue();

        JsonNode valid = Json.parseUpstream(send("/aigc/verify", verifyBody(content, receipt)).body());
        assertThat(valid.path("valid").booleanValue()).isTrue();
        assertThat(valid.path("produce_id").stringValue()).isEqualTo(Json.parseUpstream(answer.headers().firstValue("AIGC").orElseThrow()).path("ProduceID").stringValue());

        JsonNode stripped = Json.parseUpstream(send("/aigc/verify", verifyBody(content.substring(ZH.length() + 2), receipt)).body());
        assertThat(stripped.path("valid").booleanValue()).isFalse();
        assertThat(stripped.path("reason").stringValue()).isEqualTo("content_mismatch");

        assertThat(send("/aigc/verify", "{not json").statusCode()).isEqualTo(400);
        assertThat(send("/aigc/verify", "{\"content\":\"x\"}").statusCode()).isEqualTo(400);
    }

    private static String verifyBody(String content, String receipt) {
        ObjectNode body = Json.NODES.objectNode().put("content", content).put("receipt", receipt);
        return Json.MAPPER.writeValueAsString(body);
    }

    // ------------------------------------------------------------------ helpers

    private double count(String name, String product) {
        Counter counter = meters.find(name).tag("product", product).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void assertAigc(JsonNode aigc, String producer, String receipt) {
        List<String> names = new ArrayList<>();
        aigc.propertyNames().forEach(names::add);
        assertThat(names.toString()).isEqualTo(AIGC_FIELDS);
        assertThat(aigc.path("Label").stringValue()).isEqualTo("1");
        assertThat(aigc.path("ContentProducer").stringValue()).isEqualTo(producer);
        assertThat(aigc.path("ProduceID").stringValue()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(aigc.path("ReservedCode1").stringValue()).isEqualTo(Receipts.digest(receipt));
        aigc.forEach(v -> assertThat(v.isString()).isTrue());
    }

    /** RFC 9651 dictionary: mode (token), model and provider (strings), date (@ integer). */
    private static void assertDisclosure(String value) {
        assertThat(value).matches("mode=ai-originated, model=\"gpt-4o\", provider=\"aigw\", date=@\\d{10}");
    }

    /** Verifies the receipt with Nimbus against the gateway's JWKS and checks it covers exactly {@code text}. */
    private Map<String, Object> verifyWithNimbus(String receipt, String text) throws Exception {
        HttpResponse<String> keys = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl("/.well-known/aigc-keys"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(keys.statusCode()).isEqualTo(200);
        JWSObject jws = JWSObject.parse(receipt);
        assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo("EdDSA");
        OctetKeyPair key = (OctetKeyPair) JWKSet.parse(keys.body()).getKeyByKeyId(jws.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(jws.verify(new Ed25519Verifier(key))).isTrue();
        Map<String, Object> claims = jws.getPayload().toJSONObject();
        assertThat(claims.get("content_sha256")).isEqualTo(sha256(text));
        return claims;
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The events of an SSE body, each without its terminating blank line. */
    static List<String> events(String body) {
        return Arrays.stream(body.split("\n\n")).filter(e -> !e.isBlank()).toList();
    }

    private static int firstIndexContaining(List<String> events, String needle) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).contains(needle)) {
                return i;
            }
        }
        throw new AssertionError("no event contains " + needle);
    }

    private static JsonNode data(String event) {
        for (String line : event.split("\n")) {
            if (line.startsWith("data:")) {
                return Json.parseUpstream(line.substring(5).strip());
            }
        }
        throw new AssertionError("no data in " + event);
    }
}
