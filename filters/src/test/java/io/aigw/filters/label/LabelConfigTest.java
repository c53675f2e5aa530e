package io.aigw.filters.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelConfigTest {

    @Test
    void defaultsAreChinesePrefix() {
        ExplicitLabel label = LabelConfig.DEFAULTS.resolve(null, null);

        assertThat(label).isEqualTo(new ExplicitLabel("zh-CN", LabelPosition.PREFIX, "本内容由人工智能生成"));
        assertThat(LabelConfig.DEFAULTS.texts()).containsEntry("en", "AI-generated content");
    }

    @Test
    void productOverridesRouteOverridesGlobal() {
        LabelConfig config = LabelConfig.builder().position(LabelPosition.SUFFIX).build();
        LabelSettings route = new LabelSettings("en", LabelPosition.BOTH, null);
        LabelSettings product = new LabelSettings(null, LabelPosition.PREFIX, null);

        assertThat(config.resolve(null, null).position()).isEqualTo(LabelPosition.SUFFIX);
        assertThat(config.resolve(route, null))
                .isEqualTo(new ExplicitLabel("en", LabelPosition.BOTH, "AI-generated content"));
        assertThat(config.resolve(route, product))
                .isEqualTo(new ExplicitLabel("en", LabelPosition.PREFIX, "AI-generated content"));
    }

    @Test
    void aProductSwitchingLocaleDropsTheRoutesText() {
        LabelSettings route = new LabelSettings(null, null, "AI生成");
        LabelSettings product = new LabelSettings("en", null, null);

        assertThat(LabelConfig.DEFAULTS.resolve(route, null).text()).isEqualTo("AI生成");
        assertThat(LabelConfig.DEFAULTS.resolve(route, product).text()).isEqualTo("AI-generated content");
    }

    @Test
    void aProductTextWinsOverEverything() {
        LabelSettings route = new LabelSettings("en", null, "Synthetic answer by AI");
        LabelSettings product = new LabelSettings(null, null, "由AI生成");

        assertThat(LabelConfig.DEFAULTS.resolve(route, product))
                .isEqualTo(new ExplicitLabel("en", LabelPosition.PREFIX, "由AI生成"));
    }

    @Test
    void configuredTextsReplaceDefaultsAndLocalesAreNormalized() {
        LabelConfig config = LabelConfig.builder().locale("zh_cn").text("ZH-cn", "AI生成").build();

        assertThat(config.locale()).isEqualTo("zh-CN");
        assertThat(config.resolve(null, null).text()).isEqualTo("AI生成");
    }

    @Test
    void aRegionFallsBackToItsLanguage() {
        assertThat(LabelConfig.DEFAULTS.resolve(null, new LabelSettings("en-GB", null, null)).text())
                .isEqualTo("AI-generated content");
        assertThat(LabelConfig.DEFAULTS.resolve(null, new LabelSettings("zh-TW", null, null)).text())
                .isEqualTo("本内容由人工智能生成");
    }

    @Test
    void aLocaleWithoutTextIsRejectedByName() {
        assertThatThrownBy(() -> LabelConfig.DEFAULTS.resolve(null, new LabelSettings("fr", null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fr'")
                .hasMessageContaining("aigw.label.texts.fr");
        assertThatThrownBy(() -> LabelConfig.builder().locale("fr").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fr'");
    }

    @Test
    void anInvalidConfiguredTextIsRejectedByValue() {
        assertThatThrownBy(() -> LabelConfig.builder().text("zh-CN", "AI助手").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'AI助手'")
                .hasMessageContaining("aigw.label.texts.zh-CN");
        assertThatThrownBy(() -> new LabelSettings(null, null, "AI assistant"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'AI assistant'");
    }

    @Test
    void anEnglishTextIsRejectedWhenShownInAChineseLocale() {
        LabelSettings product = new LabelSettings(null, null, "AI-generated content");

        assertThatThrownBy(() -> LabelConfig.DEFAULTS.resolve(null, product))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'AI-generated content'")
                .hasMessageContaining("zh-CN");
    }

    @Test
    void badLocalesAndPositionsAreRejectedByValue() {
        assertThatThrownBy(() -> LabelConfig.normalizeLocale(" ")).hasMessageContaining("' '");
        assertThatThrownBy(() -> LabelConfig.normalizeLocale("12345")).hasMessageContaining("'12345'");
        assertThatThrownBy(() -> LabelPosition.parse("middle")).hasMessageContaining("'middle'");
        assertThat(LabelPosition.parse(" Both ")).isEqualTo(LabelPosition.BOTH);
    }
}
