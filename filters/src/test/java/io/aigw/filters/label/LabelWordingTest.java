package io.aigw.filters.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelWordingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "zh-CN | AI生成 | true",
        "zh-CN | 本内容由人工智能生成 | true",
        "zh-CN | 由AI合成 | true",
        "zh-CN | 人工智能合成内容 | true",
        "zh-CN | ＡＩ生成 | true",
        "zh-CN | AI助手 | false",
        "zh-CN | 人工智能 | false",
        "zh-CN | 本内容由机器生成 | false",
        "zh-CN | ai生成 | false",
        "zh-CN | AI-generated content | false",
        "zh-TW | AI生成 | true",
        "en | AI-generated content | true",
        "en | AI generated | true",
        "en | Synthesized by AI | true",
        "en | AI生成 | true",
        "en | AI assistant | false",
        "en | ai-generated content | false",
        "en | Generated content | false",
        "en | '   ' | false",
    })
    void appliesTheGb45438WordingRule(String locale, String text, boolean valid) {
        assertThat(LabelWording.isValid(locale, text)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({"AI助手", "人工智能"})
    void requireValidNamesTheValueAndTheSource(String text) {
        assertThatThrownBy(() -> LabelWording.requireValid("aigw.label.texts.zh-CN", "zh-CN", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("aigw.label.texts.zh-CN");
    }
}
