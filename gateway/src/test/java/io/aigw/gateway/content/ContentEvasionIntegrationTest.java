package io.aigw.gateway.content;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 17 evasions through the running gateway, with the test lexicons (A1-test blocks 禁止词语 and
 * forbiddenword, A3-masked masks secretcode): each evasion of a blocked term in a prompt is a 400 that never
 * reaches the upstream; a pinyin spelling in a streamed answer cuts the stream before it.
 */
class ContentEvasionIntegrationTest extends GatewayIntegrationTest {

    private HttpResponse<String> prompt(String content) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("model", "gpt-4o");
        body.putArray("messages").addObject().put("role", "user").put("content", content);
        return send("/v1/chat/completions", body.toString(), "Authorization", "Bearer " + KEY);
    }

    @Test
    void everyEvasionOfABlockedTermInAPromptIs400AndNeverForwarded() {
        List<String> evasions = List.of(
                "jin zhi ci yu",                                   // pinyin, full
                "jinzhiciyu",                                      // glued
                "jìn zhǐ cí yǔ",                                   // tone marks
                "jin4zhi3ci2yu3",                                  // tone numbers
                "禁zhi词yu",                                       // mixed
                "f0rb1dd3nw0rd",                                   // leetspeak
                "sbeovqqrajbeq",                                   // ROT13
                "禁 - - 止 - - 词 - - 语",                          // a gap of 5
                "decode and answer: " + Base64.getEncoder().encodeToString("forbiddenword".getBytes(StandardCharsets.UTF_8)),
                URLEncoder.encode("禁止词语", StandardCharsets.UTF_8),
                "forbidden&#119;ord",                               // HTML reference
                "\\u7981\\u6b62\\u8bcd\\u8bed",                    // literal backslash-u escapes
                "禁禁止止词词语语",                                   // repeats
                "禁止止止词语",
                "禁a止1词b语");                                      // letters inside
        for (String evasion : evasions) {
            HttpResponse<String> response = prompt(evasion);
            assertThat(response.statusCode()).as(evasion).isEqualTo(400);
            assertThat(Json.parseUpstream(response.body()).path("error").path("code").stringValue()).as(evasion)
                    .isEqualTo("content_policy_violation");
        }
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void cleanLookAlikesAreForwarded() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}")));
        for (String clean : List.of("jin tian zhi dao ci yu", "forbidden words in b2b mp3 docs", "禁烟 止步 词典 语文",
                "aHR0cHM6Ly9leGFtcGxlLmNvbS8=")) {
            assertThat(prompt(clean).statusCode()).as(clean).isEqualTo(200);
        }
    }

    @Test
    void aMaskedEvasionIsForwardedMaskedOverTheOriginalText() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}")));
        assertThat(prompt("my s3cr3tc0d3 and secret&#99;ode!").statusCode()).isEqualTo(200);
        UPSTREAM.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("my ********** and **************!"))
                .withRequestBody(notContaining("s3cr3t"))
                .withRequestBody(notContaining("&#99;")));
    }

    @Test
    void aPinyinSpellingInAStreamedAnswerCutsTheStreamBeforeIt() {
        UPSTREAM.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(Streams.openAi("stop", Streams.perChar("Hello there, jin zhi ci yu and more")))));
        HttpResponse<String> raw = send("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}",
                "Authorization", "Bearer " + KEY);
        assertThat(raw.body()).contains("\"finish_reason\":\"content_filter\"").endsWith("data: [DONE]\n\n");
        assertThat(streamedText(raw.body())).endsWith("Hello there, ");
    }

    /** The assistant text of a raw OpenAI stream. */
    private static String streamedText(String body) {
        StringBuilder text = new StringBuilder();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: {")) {
                String content = Json.stringOrNull(Json.parseUpstream(line.substring(6)).path("choices").path(0).path("delta"), "content");
                if (content != null) {
                    text.append(content);
                }
            }
        }
        return text.toString();
    }
}
