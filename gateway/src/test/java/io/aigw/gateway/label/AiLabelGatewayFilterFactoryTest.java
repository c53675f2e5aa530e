package io.aigw.gateway.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.audit.ExchangeContext;
import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.label.Labeler;
import io.aigw.filters.label.ProduceIdGenerator;
import io.aigw.filters.label.SigningKeys;
import io.aigw.filters.protocol.ApiEndpoint;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.aigw.filters.license.Product;
import io.aigw.filters.license.ProductRegistry;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.Protocol;
import io.aigw.gateway.exchange.ChatExchange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class AiLabelGatewayFilterFactoryTest {

    private final SigningKeys keys = SigningKeys.generateInMemory();
    private final AiLabelGatewayFilterFactory factory = new AiLabelGatewayFilterFactory(
            new Labeler(LabelConfig.DEFAULTS, "aigw", () -> keys, new ProduceIdGenerator(Clock.systemUTC()), Clock.systemUTC()),
            new LabelMetrics(new SimpleMeterRegistry()),
            new LabelProperties("zh-CN", "prefix", Map.of(), "aigw", new LabelProperties.Signing(null, Path.of("data/keys"), "bouncycastle"),
                    LabelProperties.StructuredAnswers.IMPLICIT_ONLY));

    private static AiLabelGatewayFilterFactory.Config config(String position, String locale, String text) {
        AiLabelGatewayFilterFactory.Config config = new AiLabelGatewayFilterFactory.Config();
        config.setPosition(position);
        config.setLocale(locale);
        config.setText(text);
        return config;
    }

    @Test
    void theShortcutReadsPositionThenLocaleThenText() {
        assertThat(factory.shortcutFieldOrder()).containsExactly("position", "locale", "text");
    }

    @Test
    void aRouteLabelFailingTheWordingRuleIsRejectedNamingIt() {
        assertThatThrownBy(() -> factory.apply(config("prefix", "zh-CN", "AI助手")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AI助手");
    }

    @Test
    void aRouteLocaleWithoutTextIsRejectedNamingIt() {
        assertThatThrownBy(() -> factory.apply(config(null, "fr", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fr");
    }

    @Test
    void anUnknownPositionIsRejectedNamingIt() {
        assertThatThrownBy(() -> factory.apply(config("middle", null, null))).hasMessageContaining("middle");
    }

    @Test
    void aRouteWithoutChatProtocolPassesThrough() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x"));
        AtomicBoolean called = new AtomicBoolean();

        factory.apply(config("suffix", "en", null)).filter(exchange, e -> Mono.fromRunnable(() -> called.set(true))).block();

        assertThat(called).isTrue();
        assertThat(factory.apply(config("suffix", "en", null)).toString()).contains("suffix").contains("en");
    }

    private static final String REGISTRY = """
            products:
              - id: plain
                name: Plain
                company: Co
                producer-code: "001191110102MAD55U9H0F10002"
                api-keys: []
                license: { status: licensed, number: "X", valid-from: 2026-01-01, valid-until: 2030-12-31, models: ["*"] }
              - id: opted-out
                name: Opted out
                company: Co
                producer-code: "001191110102MAD55U9H0F10002"
                api-keys: []
                license: { status: licensed, number: "Y", valid-from: 2026-01-01, valid-until: 2030-12-31, models: ["*"] }
                label: { explicit-opt-out: "UA v3 §7.2" }
            """;

    private MockServerWebExchange structuredRequest(String productId, AtomicBoolean called, LabelProperties.StructuredAnswers choice) {
        AiLabelGatewayFilterFactory refusing = new AiLabelGatewayFilterFactory(
                new Labeler(LabelConfig.DEFAULTS, "aigw", () -> keys, new ProduceIdGenerator(Clock.systemUTC()), Clock.systemUTC()),
                new LabelMetrics(new SimpleMeterRegistry()),
                new LabelProperties("zh-CN", "prefix", Map.of(), "aigw", new LabelProperties.Signing(null, Path.of("data/keys"), "bouncycastle"),
                        choice));
        Product product = ProductRegistry.parse(REGISTRY, "products.yaml").products().stream()
                .filter(p -> p.id().equals(productId)).findFirst().orElseThrow();
        ChatRequest request = ProtocolAdapters.of(Protocol.OPENAI).requestCodec().decode(("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}],\"response_format\":{\"type\":\"json_object\"}}").getBytes(StandardCharsets.UTF_8));
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions"));
        exchange.getAttributes().put(ChatExchange.ATTRIBUTE, new ChatExchange(new ExchangeContext("r1", product, "chat",
                Protocol.OPENAI, ApiEndpoint.CHAT, request.model(), request.stream()), request));
        refusing.apply(config(null, null, null)).filter(exchange, e -> Mono.fromRunnable(() -> called.set(true))).block();
        return exchange;
    }

    @Test
    void theOperatorMayRefuseStructuredAnswersForProductsWithoutAnOptOut() {
        AtomicBoolean called = new AtomicBoolean();

        MockServerWebExchange exchange = structuredRequest("plain", called, LabelProperties.StructuredAnswers.REFUSE);

        assertThat(called).isFalse();
        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(400);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"code\":\"structured_output_not_allowed\"");
    }

    @Test
    void structuredAnswersPassWithImplicitLabelsOnlyByDefaultAndForAnOptedOutProduct() {
        AtomicBoolean byDefault = new AtomicBoolean();
        AtomicBoolean optedOut = new AtomicBoolean();

        structuredRequest("plain", byDefault, LabelProperties.StructuredAnswers.IMPLICIT_ONLY);
        structuredRequest("opted-out", optedOut, LabelProperties.StructuredAnswers.REFUSE);

        assertThat(byDefault).isTrue();
        assertThat(optedOut).isTrue();
    }
}
