package io.aigw.gateway.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.label.Labeler;
import io.aigw.filters.label.ProduceIdGenerator;
import io.aigw.filters.label.SigningKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
}
