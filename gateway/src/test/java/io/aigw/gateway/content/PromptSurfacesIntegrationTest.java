package io.aigw.gateway.content;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.DocumentBlockParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionPredictionContent;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 1 through the running gateway, with requests as the official SDKs write them: a blocked term
 * (test lexicon A1-test: 禁止词语, forbiddenword) in any surface the model reads is a 400
 * {@code content_policy_violation} that never reaches the upstream, a term split over adjacent text parts
 * included; a shape the scan does not understand is a 400 in the caller's protocol; a clean request with every
 * surface filled is forwarded byte for byte.
 */
class PromptSurfacesIntegrationTest extends GatewayIntegrationTest {

    private static final String TERM = "forbiddenword";

    private OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().baseUrl(gatewayUrl("/v1")).apiKey(KEY).maxRetries(0).build();
    }

    private AnthropicClient anthropic() {
        return AnthropicOkHttpClient.builder().baseUrl(gatewayUrl("")).apiKey(KEY).maxRetries(0).build();
    }

    private static ChatCompletionCreateParams.Builder openAiAsk() {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hello");
    }

    private static MessageCreateParams.Builder anthropicAsk() {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64).addUserMessage("hello");
    }

    private static ChatCompletionAssistantMessageParam toolCall(String name, String arguments) {
        return ChatCompletionAssistantMessageParam.builder().addToolCall(ChatCompletionMessageFunctionToolCall.builder().id("call_1")
                .function(ChatCompletionMessageFunctionToolCall.Function.builder().name(name).arguments(arguments).build()).build()).build();
    }

    private static ChatCompletionFunctionTool tool(String description, String parameterDescription) {
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("lookup").description(description)
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("q", Map.of("type", "string",
                                "description", parameterDescription))))
                        .build())
                .build()).build();
    }

    private void assertOpenAiBlocked(String surface, ChatCompletionCreateParams params) {
        assertThatThrownBy(() -> openAi().chat().completions().create(params)).as(surface)
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).as(surface).hasValue("content_policy_violation"));
    }

    private void assertAnthropicBlocked(String surface, MessageCreateParams params) {
        assertThatThrownBy(() -> anthropic().messages().create(params)).as(surface)
                .isInstanceOfSatisfying(com.anthropic.errors.BadRequestException.class, e -> assertThat(e.body().toString())
                        .as(surface).contains("content policy"));
    }

    @Test
    void aBlockedTermInAnyOpenAiSurfaceIs400AndNeverForwarded() {
        assertOpenAiBlocked("text parts split", ChatCompletionCreateParams.builder().model("gpt-4o")
                .addMessage(ChatCompletionUserMessageParam.builder().contentOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("请说禁止").build()),
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("词语吧").build()))).build())
                .build());
        assertOpenAiBlocked("tool_calls arguments with \\u escapes", openAiAsk()
                .addMessage(toolCall("lookup", "{\"q\":\"\\u0066orbiddenw\\u006frd\"}")).build());
        assertOpenAiBlocked("tool_calls name", openAiAsk().addMessage(toolCall(TERM, "{}")).build());
        assertOpenAiBlocked("tool result", openAiAsk().addMessage(toolCall("lookup", "{}"))
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("call_1").content("the answer is " + TERM).build()).build());
        assertOpenAiBlocked("tool result as JSON", openAiAsk().addMessage(toolCall("lookup", "{}"))
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("call_1").contentAsJson(Map.of("k", TERM)).build()).build());
        assertOpenAiBlocked("tools description", openAiAsk().addTool(tool("finds " + TERM, "query")).build());
        assertOpenAiBlocked("tools parameter description", openAiAsk().addTool(tool("finds", "a " + TERM)).build());
        assertOpenAiBlocked("message name", ChatCompletionCreateParams.builder().model("gpt-4o")
                .addMessage(ChatCompletionUserMessageParam.builder().content("hi").name(TERM).build()).build());
        assertOpenAiBlocked("prediction", openAiAsk().prediction(ChatCompletionPredictionContent.builder().content("禁止词语").build()).build());
        assertOpenAiBlocked("response_format schema enum", openAiAsk().responseFormat(ResponseFormatJsonSchema.builder()
                .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder().name("answer").schema(ResponseFormatJsonSchema.JsonSchema.Schema
                        .builder().putAdditionalProperty("type", JsonValue.from("string"))
                        .putAdditionalProperty("enum", JsonValue.from(List.of("yes", TERM))).build()).build()).build()).build());
        assertOpenAiBlocked("assistant refusal", openAiAsk()
                .addMessage(ChatCompletionAssistantMessageParam.builder().refusal("no " + TERM).build()).build());
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aBlockedTermInAnyAnthropicSurfaceIs400AndNeverForwarded() {
        assertAnthropicBlocked("text blocks split", MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofText("禁止"), ContentBlockParam.ofText("词语"))).build());
        assertAnthropicBlocked("system blocks split", anthropicAsk().systemOfTextBlockParams(List.of(
                TextBlockParam.builder().text("forbidden").build(), TextBlockParam.builder().text("word").build())).build());
        assertAnthropicBlocked("tool_result string", anthropicAsk().addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                ToolResultBlockParam.builder().toolUseId("toolu_1").content("found " + TERM).build()))).build());
        assertAnthropicBlocked("tool_result blocks", anthropicAsk().addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                ToolResultBlockParam.builder().toolUseId("toolu_1").contentOfBlocks(List.of(ToolResultBlockParam.Content.Block.ofText(
                        TextBlockParam.builder().text("found 禁止词语").build()))).build()))).build());
        assertAnthropicBlocked("document text source", anthropicAsk().addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofDocument(
                DocumentBlockParam.builder().textSource("a file about " + TERM).build()))).build());
        assertAnthropicBlocked("tool_use input", anthropicAsk().addAssistantMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolUse(
                ToolUseBlockParam.builder().id("toolu_1").name("lookup").input(ToolUseBlockParam.Input.builder()
                        .putAdditionalProperty("q", com.anthropic.core.JsonValue.from(List.of("x", TERM))).build()).build()))).build());
        assertAnthropicBlocked("tool description", anthropicAsk().addTool(Tool.builder().name("lookup").description("finds " + TERM)
                .inputSchema(Tool.InputSchema.builder().build()).build()).build());
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aShapeTheScanDoesNotUnderstandIs400InTheCallersProtocol() {
        HttpResponse<String> openAi = send("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":{\"text\":\"" + TERM + "\"}}]}",
                "Authorization", "Bearer " + KEY);
        assertThat(openAi.statusCode()).isEqualTo(400);
        assertThat(Json.parseUpstream(openAi.body()).path("error").path("code").stringValue()).isEqualTo("unsupported_content");
        HttpResponse<String> anthropic = send("/v1/messages", "{\"model\":\"claude\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"future_block\",\"text\":\"hi\"}]}]}", "x-api-key", KEY);
        assertThat(anthropic.statusCode()).isEqualTo(400);
        assertThat(Json.parseUpstream(anthropic.body()).path("type").stringValue()).isEqualTo("error");
        assertThat(Json.parseUpstream(anthropic.body()).path("error").path("message").stringValue()).contains("future_block");
        assertThat(UPSTREAM.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aCleanRequestWithEverySurfaceFilledIsForwardedByteForByte() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
                "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}")));
        String body = """
                {"model":"gpt-4o","messages":[
                  {"role":"user","name":"alice","content":[{"text":"禁止","type":"text"},{"type":"image_url","image_url":{"url":"https://x/y.png"}},
                    {"type":"text","text":"词典 are two words"}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"lookup","arguments":"{ \\"q\\" : \\"\\\\u0066orbidden\\" }"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"word"}],
                 "tools":[{"type":"function","function":{"name":"lookup","description":"finds words","parameters":{"type":"object"}}}],
                 "prediction":{"type":"content","content":"maybe"},
                 "response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"string","enum":["yes","no"]}}},
                 "temperature":0.10}""";
        HttpResponse<String> response = send("/v1/chat/completions", body, "Authorization", "Bearer " + KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        byte[] forwarded = UPSTREAM.findAll(anyRequestedFor(anyUrl())).get(0).getBody();
        assertThat(new String(forwarded, StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @Test
    void aMaskedTermInAToolResultIsForwardedMasked() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
                "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\",\"content\":[{\"type\":\"text\","
                        + "\"text\":\"ok\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}")));
        anthropic().messages().create(anthropicAsk().addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                ToolResultBlockParam.builder().toolUseId("toolu_1").content("the secretcode is 42").build()))).build());
        String forwarded = UPSTREAM.findAll(anyRequestedFor(anyUrl())).get(0).getBodyAsString();
        assertThat(forwarded).contains("the ********** is 42").doesNotContain("secretcode");
    }
}
