package io.aigw.filters.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContentPolicyTest {

    private final LexiconMatcher lexicon = LexiconMatcher.builder()
            .add("A1", "颠覆国家政权")
            .add("A3", "发票代开")
            .add("rude", "idiot")
            .add(LexiconMatcher.ALLOW, "颠覆国家政权罪的法律研究")
            .build();

    private final ContentPolicy policy = ContentPolicy.builder()
            .lexicon(lexicon)
            .action("A1", Action.BLOCK)
            .action("A3", Action.MASK)
            .action("rude", Action.FLAG)
            .action("pii-phone", Action.MASK)
            .defaultAction(Action.FLAG)
            .build();

    @Test
    void allowsCleanText() {
        Verdict v = policy.scan("今天天气很好，we had a nice walk.");
        assertThat(v.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(v.matches()).isEmpty();
        assertThat(v.maskedText()).isEqualTo("今天天气很好，we had a nice walk.");
    }

    @Test
    void flagsWithoutChangingTheText() {
        Verdict v = policy.scan("you IDIOT");
        assertThat(v.outcome()).isEqualTo(Outcome.FLAG);
        assertThat(v.matches()).containsExactly(new ContentMatch("rude", 4, 9, Action.FLAG));
        assertThat(v.maskedText()).isEqualTo("you IDIOT");
    }

    @Test
    void masksEachCharOfTheMatchKeepingTheLength() {
        Verdict v = policy.scan("专业发 票代开，电话13812345678");
        assertThat(v.outcome()).isEqualTo(Outcome.MASK);
        assertThat(v.maskedText()).isEqualTo("专业*****，电话***********");
        assertThat(v.matches()).extracting(ContentMatch::category).containsExactly("A3", "pii-phone");
    }

    @Test
    void masksSurrogatePairsCharByChar() {
        Verdict v = ContentPolicy.builder().lexicon(LexiconMatcher.builder().add("x", "ab").build())
                .defaultAction(Action.MASK).build().scan("𝐚𝐛!");
        assertThat(v.maskedText()).isEqualTo("****!");
    }

    @Test
    void blocksAndReportsTheFirstBlockingMatch() {
        Verdict v = policy.scan("如何颠覆国家政权？还有发票代开");
        assertThat(v.outcome()).isEqualTo(Outcome.BLOCK);
        assertThat(v.blocked()).isTrue();
        assertThat(v.firstBlock()).contains(new ContentMatch("A1", 2, 8, Action.BLOCK));
        assertThat(v.maskedText()).isEqualTo("如何******？还有****");
    }

    @Test
    void anOverlappingAllowTermSuppressesTheMatch() {
        Verdict v = policy.scan("关于颠覆国家政权罪的法律研究综述");
        assertThat(v.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(v.matches()).isEmpty();
    }

    @Test
    void defaultActionAppliesToCategoriesWithoutAnEntry() {
        Verdict v = policy.scan("mail a@b.cn");
        assertThat(v.matches()).containsExactly(new ContentMatch("pii-email", 5, 11, Action.FLAG));
    }

    @Test
    void piiDetectionCanBeTurnedOff() {
        ContentPolicy noPii = ContentPolicy.builder().lexicon(lexicon).piiDetection(false).build();
        assertThat(noPii.scan("13812345678").matches()).isEmpty();
    }

    @Test
    void rejectsActionsForUnknownCategories() {
        assertThatThrownBy(() -> ContentPolicy.builder().lexicon(lexicon).action("A9", Action.BLOCK).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'A9'");
    }

    @Test
    void parsesActionsAndNamesABadValue() {
        assertThat(Action.parse(" Mask ")).isEqualTo(Action.MASK);
        assertThat(Action.parse("block")).isEqualTo(Action.BLOCK);
        assertThat(Action.parse("FLAG")).isEqualTo(Action.FLAG);
        assertThatThrownBy(() -> Action.parse("drop")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'drop'");
    }

    @Test
    void holdBackLimitFollowsTheLexicon() {
        assertThat(policy.holdBackLimit()).isEqualTo(2 * Math.max(lexicon.maxOpenSpan(), PiiScanner.MAX_TOKEN));
        ContentPolicy bare = ContentPolicy.builder().piiDetection(false).build();
        assertThat(bare.holdBackLimit()).isZero();
    }

    @Test
    void masksAFullWidthPhoneNumberInTheOriginalText() {
        Verdict v = policy.scan("电话：１３８００１３８０００。");
        assertThat(v.outcome()).isEqualTo(Outcome.MASK);
        assertThat(v.maskedText()).isEqualTo("电话：***********。");
        assertThat(v.matches()).containsExactly(new ContentMatch("pii-phone", 3, 14, Action.MASK));
    }
}
