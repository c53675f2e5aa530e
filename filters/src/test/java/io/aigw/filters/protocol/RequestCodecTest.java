package io.aigw.filters.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

class RequestCodecTest {

    private static ChatRequest decode(Protocol protocol, String body) {
        return ProtocolAdapters.of(protocol).requestCodec().decode(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void openAiRequestKeepsModelStreamAndMessageText() {
        ChatRequest request = decode(Protocol.OPENAI, """
                {"model":"gpt-4o","stream":true,"messages":[
                  {"role":"system","content":"be brief"},
                  {"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"there"}]}]}""");
        assertThat(request.model()).isEqualTo("gpt-4o");
        assertThat(request.stream()).isTrue();
        assertThat(request.messages()).containsExactly(new ChatMessage("system", "be brief"), new ChatMessage("user", "hi\nthere"));
    }

    @Test
    void anthropicSystemPromptComesFirst() {
        ChatRequest request = decode(Protocol.ANTHROPIC, """
                {"model":"claude-sonnet-4-5","max_tokens":64,"system":[{"type":"text","text":"sys"}],
                 "messages":[{"role":"user","content":"你好"}]}""");
        assertThat(request.stream()).isFalse();
        assertThat(request.messages()).containsExactly(new ChatMessage("system", "sys"), new ChatMessage("user", "你好"));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void rejectsMalformedJson(Protocol protocol) {
        assertRejected(protocol, "{\"model\": ", ErrorKind.INVALID_JSON);
        assertRejected(protocol, "[1,2]", ErrorKind.INVALID_JSON);
        assertRejected(protocol, "", ErrorKind.INVALID_JSON);
        assertRejected(protocol, "{\"model\":\"m\",\"messages\":[]} trailing", ErrorKind.INVALID_JSON);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void rejectsInvalidUtf8(Protocol protocol) {
        byte[] body = {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> ProtocolAdapters.of(protocol).requestCodec().decode(body))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ENCODING));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "OPENAI    | {\"messages\":[]}                                   | MISSING_FIELD",
        "OPENAI    | {\"model\":\"m\"}                                   | MISSING_FIELD",
        "OPENAI    | {\"model\":\"\",\"messages\":[]}                    | INVALID_FIELD",
        "OPENAI    | {\"model\":\"m\",\"messages\":{}}                   | INVALID_FIELD",
        "OPENAI    | {\"model\":\"m\",\"messages\":[],\"stream\":\"yes\"} | INVALID_FIELD",
        "OPENAI    | {\"model\":\"m\",\"messages\":[\"hi\"]}             | INVALID_FIELD",
        "ANTHROPIC | {\"messages\":[]}                                   | MISSING_FIELD",
        "ANTHROPIC | {\"model\":7,\"messages\":[]}                       | INVALID_FIELD",
    })
    void rejectsMissingOrMistypedFields(Protocol protocol, String body, ErrorKind kind) {
        assertRejected(protocol, body, kind);
    }

    @Test
    void errorBodiesFollowEachProtocolsShape() {
        String openAi = new String(ProtocolAdapters.of(Protocol.OPENAI).errorBody(ErrorKind.LICENSE_DENIED, "denied", "license_expired"), StandardCharsets.UTF_8);
        assertThat(openAi).isEqualTo("{\"error\":{\"message\":\"denied\",\"type\":\"permission_error\",\"param\":null,\"code\":\"license_expired\"}}");
        String anthropic = new String(ProtocolAdapters.of(Protocol.ANTHROPIC).errorBody(ErrorKind.REQUEST_TOO_LARGE, "too big", null), StandardCharsets.UTF_8);
        assertThat(anthropic).isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"request_too_large\",\"message\":\"too big\"}}");
    }

    @Test
    void rewriteTextReachesEveryTextPartAndNothingElse() {
        ChatRequest request = decode(Protocol.ANTHROPIC, """
                {"model":"claude","max_tokens":9,"system":"call 13800138000","messages":[
                  {"role":"user","content":[{"type":"text","text":"my phone 13800138000"},{"type":"image","source":{"data":"13800138000"}}]},
                  {"role":"assistant","content":"ok 13800138000"}]}""");
        ChatRequest masked = ProtocolAdapters.of(Protocol.ANTHROPIC).requestCodec().rewriteText(request, t -> t.replace("13800138000", "***********"));
        assertThat(masked.messages()).extracting(ChatMessage::text)
                .containsExactly("call ***********", "my phone ***********", "ok ***********");
        JsonNode body = Json.parseUpstream(masked.raw());
        assertThat(body.path("messages").path(0).path("content").path(1).path("source").path("data").stringValue()).isEqualTo("13800138000");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(9);
        assertThat(new String(masked.raw(), StandardCharsets.UTF_8)).doesNotContain("phone 13800138000");
        assertThat(request.messages().get(0).text()).isEqualTo("call 13800138000");
    }

    @Test
    void rewriteTextThatChangesNothingKeepsTheRequest() {
        ChatRequest request = decode(Protocol.OPENAI, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(ProtocolAdapters.of(Protocol.OPENAI).requestCodec().rewriteText(request, t -> t)).isSameAs(request);
    }

    private static void assertRejected(Protocol protocol, String body, ErrorKind kind) {
        assertThatThrownBy(() -> decode(protocol, body))
                .as(body)
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }
}
