package io.aigw.gateway.label;

import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.label.LabelPosition;
import io.aigw.filters.label.Labeler;
import io.aigw.filters.label.ProduceIdGenerator;
import io.aigw.gateway.audit.AuditProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Wires labeling: the global label settings (validated at start-up: a bad {@code aigw.label.*} value
 * stops the gateway with a message naming it), the receipt keys, the labeler, the metrics and the
 * products-file check of per-product labels.
 */
@Configuration(proxyBeanMethods = false)
class LabelConfiguration {

    private static final Clock CLOCK = Clock.systemUTC();

    @Bean
    LabelConfig labelConfig(LabelProperties properties) {
        return labelConfigOf(properties);
    }

    /**
     * The global label settings.
     *
     * @throws IllegalArgumentException whose message starts with "invalid aigw.label settings" and
     *     names the bad value
     */
    static LabelConfig labelConfigOf(LabelProperties properties) {
        try {
            LabelConfig.Builder builder = LabelConfig.builder()
                    .locale(properties.locale())
                    .position(LabelPosition.parse(properties.position()));
            properties.texts().forEach(builder::text);
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid aigw.label settings: " + e.getMessage(), e);
        }
    }

    @Bean
    ReceiptKeys receiptKeys(LabelProperties properties) {
        return new ReceiptKeys(properties.signing(), CLOCK);
    }

    @Bean
    Labeler labeler(LabelConfig config, LabelProperties properties, ReceiptKeys keys) {
        return new Labeler(config, properties.provider(), keys::current, new ProduceIdGenerator(CLOCK), CLOCK);
    }

    @Bean
    LabelMetrics labelMetrics(MeterRegistry registry) {
        return new LabelMetrics(registry);
    }

    @Bean
    ProductLabels productLabels(LabelConfig config) {
        return new ProductLabels(config);
    }

    @Bean
    OptOutRetentionCheck optOutRetentionCheck(AuditProperties audit) {
        return new OptOutRetentionCheck(audit.retentionDays());
    }

    @Bean
    RouterFunction<ServerResponse> labelEndpoints(ReceiptKeys keys) {
        return new LabelEndpoints(keys).routes();
    }
}
