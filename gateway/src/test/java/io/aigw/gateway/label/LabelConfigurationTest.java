package io.aigw.gateway.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.label.LabelPosition;
import io.aigw.filters.license.ProductRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up validation of the label settings and of the products' label overrides. */
class LabelConfigurationTest {

    private static LabelProperties properties(String locale, String position, Map<String, String> texts) {
        return new LabelProperties(locale, position, texts, "aigw",
                new LabelProperties.Signing(null, Path.of("data/keys"), "bouncycastle"),
                LabelProperties.StructuredAnswers.IMPLICIT_ONLY);
    }

    @Test
    void defaultsAreTheSpecs() {
        LabelConfig config = LabelConfiguration.labelConfigOf(properties("zh-CN", "prefix", null));

        assertThat(config.resolve(null, null).text()).isEqualTo("本内容由人工智能生成");
        assertThat(config.resolve(null, null).position()).isEqualTo(LabelPosition.PREFIX);
    }

    @Test
    void aTextFailingTheWordingRuleStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> LabelConfiguration.labelConfigOf(properties("zh-CN", "prefix", Map.of("zh-CN", "AI助手"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid aigw.label settings: ")
                .hasMessageContaining("aigw.label.texts.zh-CN")
                .hasMessageContaining("AI助手");
    }

    @Test
    void anUnknownPositionStopsStartUpNamingIt() {
        assertThatThrownBy(() -> LabelConfiguration.labelConfigOf(properties("zh-CN", "middle", null)))
                .hasMessageContaining("aigw.label.position").hasMessageContaining("middle");
    }

    @Test
    void aProductWithANonCompliantLabelIsRejectedNamingTheProduct() {
        ProductRegistry registry = ProductRegistry.parse("""
                products:
                  - id: bad-label
                    name: Bad
                    company: Bad Co
                    producer-code: "001191110102MAD55U9H0F10002"
                    api-keys: []
                    license: { status: licensed, number: "X", valid-from: 2026-01-01, valid-until: 2030-12-31, models: ["*"] }
                    label: { locale: zh-CN, text: "AI助手" }
                """, "products.yaml");

        assertThatThrownBy(() -> new ProductLabels(LabelConfig.DEFAULTS).validate(registry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("product 'bad-label'")
                .hasMessageContaining("AI助手");
    }

    @Test
    void anExplicitLabelOptOutNeedsTheAuditLogKeptSixMonths() {
        ProductRegistry registry = ProductRegistry.parse("""
                products:
                  - id: opted-out
                    name: Opted out
                    company: Co
                    producer-code: "001191110102MAD55U9H0F10002"
                    api-keys: []
                    license: { status: licensed, number: "X", valid-from: 2026-01-01, valid-until: 2030-12-31, models: ["*"] }
                    label: { explicit-opt-out: "UA v3 §7.2" }
                """, "products.yaml");

        assertThat(registry.products().get(0).label().explicitOptOut()).isEqualTo("UA v3 §7.2");
        new OptOutRetentionCheck(180).validate(registry);
        assertThatThrownBy(() -> new OptOutRetentionCheck(90).validate(registry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("product 'opted-out'")
                .hasMessageContaining("aigw.audit.retention-days is 90");
    }
}
