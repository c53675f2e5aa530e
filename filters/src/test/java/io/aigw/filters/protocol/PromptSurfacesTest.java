package io.aigw.filters.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 17 item 1: every text a model reads reaches the prompt rewrite ({@link RequestCodec#rewriteText}), adjacent
 * text parts joined as one text, and shapes the walk does not understand are refused instead of forwarded unscanned.
 */
class PromptSurfacesTest {

    private static ChatRequest decode(Protocol protocol, String body) {
        return protocol.requestCodec().decode(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Every text the rewrite is handed, in order. */
    private static List<String> seen(Protocol protocol, String body) {
        List<String> texts = new ArrayList<>();
        ChatRequest request = decode(protocol, body);
        assertThat(protocol.requestCodec().rewriteText(request, text -> {
            texts.add(text);
            return text;
        })).isSameAs(request);
        return texts;
    }

    private static String masked(Protocol protocol, String body, String term) {
        ChatRequest request = protocol.requestCodec().rewriteText(decode(protocol, body),
                text -> text.replace(term, "*".repeat(term.length())));
        return new String(request.raw(), StandardCharsets.UTF_8);
    }

    @Test
    void everyOpenAiSurfaceIsRead() {
        String body = """
                {"model":"m",
                 "messages":[
                   {"role":"system","content":"S1"},
                   {"role":"user","name":"N1","content":[{"text":"P1","type":"text"},"P2",{"type":"image_url","image_url":{"url":"U"}},
                      {"type":"file","file":{"filename":"F1","file_data":"B64"}}]},
                   {"role":"assistant","content":null,"refusal":"R1","tool_calls":[{"id":"c1","type":"function",
                      "function":{"name":"FN1","arguments":"{\\"q\\":\\"\\\\u0041RG1\\",\\"n\\":[\\"ARG2\\",3]}"}}],
                    "function_call":{"name":"FN2","arguments":"not json ARG3"}},
                   {"role":"assistant","content":[{"type":"refusal","refusal":"R2"}]},
                   {"role":"tool","tool_call_id":"c1","content":"T1"}],
                 "tools":[{"type":"function","function":{"name":"TN","description":"TD","parameters":{"type":"object",
                    "properties":{"x":{"type":"string","description":"PD","enum":["E1"]}}}}}],
                 "functions":[{"name":"OLD","description":"OD"}],
                 "prediction":{"type":"content","content":"PR"},
                 "response_format":{"type":"json_schema","json_schema":{"name":"J","schema":{"description":"SD","enum":["E2"]}}},
                 "metadata":{"k":"NOT_READ"},"user":"NOT_READ"}""";
        List<String> seen = seen(Protocol.OPENAI, body);
        assertThat(seen).contains("S1", "N1", "P1P2", "F1", "R1", "FN1", "ARG1", "ARG2", "FN2", "not json ARG3", "R2", "T1",
                "TN", "TD", "PD", "E1", "description", "OLD", "OD", "PR", "SD", "E2");
        assertThat(seen).doesNotContain("NOT_READ", "U", "B64");
    }

    @Test
    void everyAnthropicSurfaceIsRead() {
        String body = """
                {"model":"m","max_tokens":9,
                 "system":[{"type":"text","text":"S1"},{"type":"text","text":"S2"}],
                 "messages":[
                   {"role":"user","content":[
                     {"type":"document","title":"DT","context":"DC","source":{"type":"text","media_type":"text/plain","data":"D1"}},
                     {"type":"document","source":{"type":"content","content":[{"type":"text","text":"D2"},{"type":"image","source":{"type":"base64","data":"IMG"}}]}},
                     {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"PDF"}},
                     {"type":"search_result","title":"ST","source":"SS","content":[{"type":"text","text":"SR"}]}]},
                   {"role":"assistant","content":[{"type":"thinking","thinking":"TH","signature":"SIG"},{"type":"redacted_thinking","data":"RD"},
                     {"type":"tool_use","id":"t1","name":"TU","input":{"q":"IN1","deep":[{"k":"IN2"}]}},
                     {"type":"server_tool_use","id":"t2","name":"web_search","input":{"query":"IN3"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"TR1"},
                     {"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"TR2"}]},
                     {"type":"web_search_tool_result","tool_use_id":"t2","content":[{"type":"web_search_result","title":"WT",
                        "url":"WU","encrypted_content":"ENC"}]}]}],
                 "tools":[{"name":"TN","description":"TD","input_schema":{"type":"object","properties":{"a":{"description":"PD"}}}}],
                 "tool_choice":{"type":"tool","name":"TC"},
                 "output_format":{"type":"json_schema","schema":{"description":"OD"}},
                 "metadata":{"user_id":"NOT_READ"}}""";
        List<String> seen = seen(Protocol.ANTHROPIC, body);
        assertThat(seen).contains("S1S2", "DT", "DC", "D1", "D2", "ST", "SS", "SR", "TH", "TU", "IN1", "IN2", "IN3", "TR1", "TR2",
                "WT", "WU", "TN", "TD", "PD", "TC", "OD");
        assertThat(seen).doesNotContain("NOT_READ", "IMG", "PDF", "SIG", "RD", "ENC");
    }

    @Test
    void adjacentTextPartsAreOneTextAndAMaskIsSplitBackOverThem() {
        String body = """
                {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"我要推翻"},{"type":"text","text":"政府了"},
                  {"type":"image_url","image_url":{"url":"u"}},{"type":"text","text":"推翻"},
                  {"type":"file","file":{"filename":"f"}},{"type":"text","text":"政府"}]}]}""";
        assertThat(seen(Protocol.OPENAI, body)).containsExactly("我要推翻政府了推翻", "f", "政府");
        JsonNode content = Json.parseUpstream(masked(Protocol.OPENAI, body, "推翻政府")).path("messages").path(0).path("content");
        assertThat(content.path(0).path("text").stringValue()).isEqualTo("我要**");
        assertThat(content.path(1).path("text").stringValue()).isEqualTo("**了");
        assertThat(content.path(3).path("text").stringValue()).isEqualTo("推翻");
        assertThat(content.path(5).path("text").stringValue()).isEqualTo("政府");
    }

    @Test
    void aRewriteThatChangesTheLengthOfJoinedPartsIsRefused() {
        ChatRequest request = decode(Protocol.OPENAI, """
                {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]}""");
        assertThatThrownBy(() -> Protocol.OPENAI.requestCodec().rewriteText(request, text -> text + "!"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maskedArgumentsAreReEncodedAndUntouchedArgumentsKeepTheirText() {
        String body = """
                {"model":"m","messages":[{"role":"assistant","tool_calls":[
                  {"id":"a","type":"function","function":{"name":"f","arguments":"{\\"q\\": \\"\\\\u0073ecretcode now\\"}"}},
                  {"id":"b","type":"function","function":{"name":"g","arguments":"{ \\"keep\\" : \\"as is\\" }"}}]}]}""";
        JsonNode calls = Json.parseUpstream(masked(Protocol.OPENAI, body, "secretcode")).path("messages").path(0).path("tool_calls");
        assertThat(calls.path(0).path("function").path("arguments").stringValue()).isEqualTo("{\"q\":\"********** now\"}");
        assertThat(calls.path(1).path("function").path("arguments").stringValue()).isEqualTo("{ \"keep\" : \"as is\" }");
    }

    @Test
    void aToolUseInputValueIsMaskedInPlace() {
        String body = """
                {"model":"m","max_tokens":1,"messages":[{"role":"assistant","content":[
                  {"type":"tool_use","id":"t","name":"f","input":{"q":"my secretcode","n":1.50}}]}]}""";
        assertThat(masked(Protocol.ANTHROPIC, body, "secretcode")).contains("\"q\":\"my **********\",\"n\":1.50");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":{\"text\":\"hidden\"}}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":42}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[[\"hidden\"]]}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hidden\"}]}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"new_kind\",\"text\":\"hidden\"}]}]}",
            "{\"model\":\"m\",\"prediction\":{\"type\":\"content\",\"content\":{\"x\":\"hidden\"}},\"messages\":[]}"})
    void anOpenAiShapeTheWalkDoesNotKnowIsRefused(String body) {
        assertUnsupported(Protocol.OPENAI, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"model\":\"m\",\"max_tokens\":1,\"system\":{\"text\":\"hidden\"},\"messages\":[]}",
            "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"content\":{\"t\":\"hidden\"}}]}]}",
            "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"document\",\"source\":{\"type\":\"zip\",\"data\":\"x\"}}]}]}",
            "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"text\":\"hidden\"}]}]}"})
    void anAnthropicShapeTheWalkDoesNotKnowIsRefused(String body) {
        assertUnsupported(Protocol.ANTHROPIC, body);
    }

    @Test
    void partsNestedDeeperThanTheProtocolsNestThemAreRefused() {
        String part = "{\"type\":\"text\",\"text\":\"x\"}";
        for (int i = 0; i < PromptWalk.MAX_PART_DEPTH; i++) {
            part = "{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":[" + part + "]}";
        }
        assertUnsupported(Protocol.ANTHROPIC, "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":[" + part + "]}]}");
    }

    private static void assertUnsupported(Protocol protocol, String body) {
        ChatRequest request = decode(protocol, body);
        assertThatThrownBy(() -> protocol.requestCodec().rewriteText(request, text -> text))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_FIELD);
                    assertThat(e.code()).isEqualTo("unsupported_content");
                });
    }
}
