package io.aigw.filters.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExplicitLabelTest {

    private static final String TEXT = "本内容由人工智能生成";

    @Test
    void prefixStandsInItsOwnParagraph() {
        ExplicitLabel label = new ExplicitLabel("zh-CN", LabelPosition.PREFIX, TEXT);

        assertThat(label.prefix()).isEqualTo(TEXT + "\n\n");
        assertThat(label.suffix()).isEmpty();
        assertThat(label.apply("你好")).isEqualTo(TEXT + "\n\n你好");
    }

    @Test
    void suffixStandsInItsOwnParagraph() {
        ExplicitLabel label = new ExplicitLabel("zh-CN", LabelPosition.SUFFIX, TEXT);

        assertThat(label.prefix()).isEmpty();
        assertThat(label.apply("你好")).isEqualTo("你好\n\n" + TEXT);
    }

    @Test
    void bothPutsTheLabelAtEachEnd() {
        ExplicitLabel label = new ExplicitLabel("en", LabelPosition.BOTH, "AI-generated content");

        assertThat(label.apply("Hi")).isEqualTo("AI-generated content\n\nHi\n\nAI-generated content");
    }

    @Test
    void rejectsTextFailingTheRule() {
        assertThatThrownBy(() -> new ExplicitLabel("zh-CN", LabelPosition.PREFIX, "AI助手"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'AI助手'");
    }
}
