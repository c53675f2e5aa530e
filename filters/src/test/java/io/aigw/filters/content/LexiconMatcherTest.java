package io.aigw.filters.content;

import static io.aigw.filters.content.MatcherProbe.find;
import static io.aigw.filters.content.MatcherProbe.matchedText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.content.MatcherProbe.Hit;
import org.junit.jupiter.api.Test;

class LexiconMatcherTest {

    private final LexiconMatcher matcher = LexiconMatcher.builder()
            .add("A1", "法轮功")
            .add("A1", "free tibet")
            .add("A3", "发票代开")
            .add("insult", "ass")
            .add("insult", "sb")
            .add("insult", "傻逼")
            .add(LexiconMatcher.ALLOW, "法轮功学员研究")
            .build();

    @Test
    void reportsPositionsInTheOriginalText() {
        String text = "abc 发票代开 xyz";
        assertThat(find(matcher, text)).containsExactly(new Hit("A3", 4, 8));
    }

    @Test
    void matchesAcrossCaseAndWidth() {
        assertThat(matchedText(matcher, "FREE TIBET now")).containsExactly("FREE TIBET");
        assertThat(matchedText(matcher, "ｆｒｅｅ ｔｉｂｅｔ")).containsExactly("ｆｒｅｅ ｔｉｂｅｔ");
        assertThat(matchedText(matcher, "Ⓢⓑ!")).containsExactly("Ⓢⓑ");
    }

    @Test
    void matchesThroughMathematicalAlphanumericsAndReportsSurrogatePairs() {
        String text = "you 𝐬𝐛";
        assertThat(find(matcher, text)).containsExactly(new Hit("insult", 4, 8));
    }

    @Test
    void matchesThroughInvisibleCharacters() {
        String text = "傻\u200B\u200D逼";
        assertThat(find(matcher, text)).containsExactly(new Hit("insult", 0, 4));
        assertThat(matchedText(matcher, "发\uFEFF票\u00AD代\u2062开")).hasSize(1);
        String tags = new String(Character.toChars(0xE0041)) + new String(Character.toChars(0xE0042));
        assertThat(matchedText(matcher, "发" + tags + "票代开")).hasSize(1);
        assertThat(matchedText(matcher, "发\u3164票\uFE0F代\u202E开")).hasSize(1);
    }

    @Test
    void matchesThroughDiacritics() {
        assertThat(matchedText(matcher, "ássì")).isEmpty();   // "assi" is not a whole word "ass"
        assertThat(matchedText(matcher, "what an áss!")).containsExactly("áss");
        assertThat(matchedText(matcher, "a\u0301s\u0308s")).containsExactly("a\u0301s\u0308s");
    }

    @Test
    void matchesWithABoundedGapOfPunctuationSpacesSymbolsOrEmoji() {
        assertThat(matchedText(matcher, "傻 逼")).containsExactly("傻 逼");
        assertThat(matchedText(matcher, "傻.*.逼")).containsExactly("傻.*.逼");
        assertThat(matchedText(matcher, "傻😀逼")).containsExactly("傻😀逼");
        assertThat(matchedText(matcher, "发-票-代-开")).containsExactly("发-票-代-开");
        assertThat(matchedText(matcher, "傻......逼")).as("6 gap chars: the default maxGap").containsExactly("傻......逼");
        assertThat(matchedText(matcher, "傻.......逼")).as("7 gap chars > maxGap 6").isEmpty();
        assertThat(matchedText(matcher, "s-b")).containsExactly("s-b");
    }

    @Test
    void gapIsConfigurable() {
        LexiconMatcher strict = LexiconMatcher.builder().maxGap(0).add("x", "傻逼").build();
        assertThat(matchedText(strict, "傻逼")).hasSize(1);
        assertThat(matchedText(strict, "傻 逼")).isEmpty();
        assertThat(matchedText(strict, "傻\u200B逼")).as("invisibles are not gaps").hasSize(1);
        assertThatThrownBy(() -> LexiconMatcher.builder().maxGap(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void invisibleRunsAreBounded() {
        String many = "\u200B".repeat(TextNormalizer.MAX_INVISIBLE_RUN + 1);
        assertThat(matchedText(matcher, "傻" + "\u200B".repeat(TextNormalizer.MAX_INVISIBLE_RUN) + "逼")).hasSize(1);
        assertThat(matchedText(matcher, "傻" + many + "逼")).isEmpty();
    }

    @Test
    void matchesTraditionalChineseAgainstSimplifiedTermsAndBack() {
        assertThat(matchedText(matcher, "這裡發票代開")).containsExactly("發票代開");
        LexiconMatcher trad = LexiconMatcher.builder().add("x", "發票").build();
        assertThat(matchedText(trad, "发票")).containsExactly("发票");
    }

    @Test
    void matchesHomoglyphs() {
        assertThat(matchedText(matcher, "frее tibеt")).hasSize(1);   // Cyrillic е
        assertThat(matchedText(matcher, "ЅВ")).containsExactly("ЅВ"); // Cyrillic capitals
    }

    @Test
    void latinTermsMatchOnWordBoundariesOnly() {
        assertThat(matchedText(matcher, "a classic usb bass assess passage")).isEmpty();
        assertThat(matchedText(matcher, "you are an ass.")).containsExactly("ass");
        assertThat(matchedText(matcher, "ass")).containsExactly("ass");
        assertThat(matchedText(matcher, "我的sb同事")).containsExactly("sb");
        assertThat(matchedText(matcher, "is bad; its best")).isEmpty();
        assertThat(matchedText(matcher, "cl\u200Bass")).as("invisibles do not make a boundary").isEmpty();
        assertThat(matchedText(matcher, "sb2")).isEmpty();
    }

    @Test
    void chineseTermsNeedNoBoundary() {
        assertThat(matchedText(matcher, "他是傻逼吗")).containsExactly("傻逼");
    }

    @Test
    void noFalsePositivesOnOrdinaryText() {
        String text = "The classic assessment of USB standards passed. 我们讨论发票的开具流程，以及西藏的自由行旅游。"
                + " Free shipping to Tibet is available. 傻瓜相机很好用。";
        assertThat(find(matcher, text)).isEmpty();
    }

    @Test
    void reportsAllowTermsSoTheyCanSuppressOverlaps() {
        String text = "法轮功学员研究";
        assertThat(find(matcher, text)).containsExactly(new Hit("A1", 0, 3), new Hit("allow", 0, 7));
    }

    @Test
    void reportsOverlappingTermsOfSeveralCategories() {
        LexiconMatcher m = LexiconMatcher.builder().add("a", "abc").add("b", "bc").add("c", "abc").build();
        assertThat(find(m, "abc")).containsExactly(new Hit("a", 0, 3), new Hit("c", 0, 3));
        LexiconMatcher cjk = LexiconMatcher.builder().add("a", "中国人").add("b", "国人").build();
        assertThat(find(cjk, "中国人")).containsExactly(new Hit("a", 0, 3), new Hit("b", 1, 3));
    }

    @Test
    void rejectsTermsThatNormalizeToNothingOrAreTooLong() {
        assertThatThrownBy(() -> LexiconMatcher.builder().add("x", "…!?"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'…!?'");
        assertThatThrownBy(() -> LexiconMatcher.builder().add("x", "a".repeat(LexiconMatcher.MAX_TERM_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 32");
    }

    @Test
    void matchesInPiecesLikeInOnePiece() {
        String text = "xx 𝐬𝐛 发\u200B票-代开 ass";
        java.util.List<Hit> whole = find(matcher, text);
        java.util.List<Hit> pieces = new java.util.ArrayList<>();
        LexiconMatcher.Cursor cursor = matcher.cursor((term, start, end) -> {
            for (int c : matcher.termCategories(term)) {
                pieces.add(new Hit(matcher.category(c), start, end));
            }
        });
        for (int i = 0; i < text.length(); i++) {
            cursor.feed(text.substring(i, i + 1));
            assertThat(cursor.openStart()).isLessThanOrEqualTo(cursor.position());
        }
        cursor.finish();
        assertThat(pieces).containsExactlyInAnyOrderElementsOf(whole);
        assertThat(whole).hasSize(3);
    }

    /** Branching Latin terms (narrow rows), terms that share words, and a Chinese term. */
    private final LexiconMatcher latin = LexiconMatcher.builder()
            .add("w", "class")
            .add("w", "clam")
            .add("w", "ass")
            .add("w", "asset")
            .add("w", "sub zero")
            .add("w", "zero day")
            .add("w", "abc")
            .add("w", "abd")
            .add("w", "中国")
            .build();

    @Test
    void latinTermsMatchOnlyWholeWordsWhateverWordsCameBefore() {
        assertThat(matchedText(latin, "classic classes clamp")).isEmpty();
        assertThat(matchedText(latin, "bass glassy ass")).containsExactly("ass");
        assertThat(matchedText(latin, "passing assets asset")).containsExactly("asset");
        assertThat(matchedText(latin, "xclass class clam")).containsExactly("class", "clam");
        // a long word with terms inside it, then the term on its own
        assertThat(matchedText(latin, "assclassclamabcabd" + "ab".repeat(40) + " abd")).containsExactly("abd");
    }

    @Test
    void latinTermsOfSeveralWordsNeedTheirFirstAndLastWordsWhole() {
        assertThat(matchedText(latin, "sub zero")).containsExactly("sub zero");
        assertThat(matchedText(latin, "sub-zero day")).containsExactly("sub-zero", "zero day");
        assertThat(matchedText(latin, "xsub zero subzero dayx")).containsExactly("subzero");
        assertThat(matchedText(latin, "sub zeros")).isEmpty();
        assertThat(matchedText(latin, "ab sub zero")).containsExactly("sub zero");
    }

    @Test
    void latinWordsKeepTheirBoundariesThroughCaseHomoglyphsAndInvisibles() {
        assertThat(matchedText(latin, "CLASS Сlass ｃｌａｓｓ")).containsExactly("CLASS", "Сlass", "ｃｌａｓｓ");
        assertThat(matchedText(latin, "clаss")).containsExactly("clаss");   // Cyrillic а
        assertThat(matchedText(latin, "gl\u0430ss cl\u200Bass")).containsExactly("cl\u200Bass");
        assertThat(matchedText(latin, "b\u200Bass \u200Bass")).containsExactly("ass");   // the invisible before it is not part of it
        assertThat(matchedText(latin, "cláss glÁss ÁSS")).containsExactly("cláss", "ÁSS");
    }

    @Test
    void aLatinStateMeetsChineseAndDigits() {
        assertThat(matchedText(latin, "ab中国 abc中国")).containsExactly("中国", "abc", "中国");
        assertThat(matchedText(latin, "abc9 9abc abc")).containsExactly("abc");
        assertThat(matchedText(latin, "class中国")).containsExactly("class", "中国");
    }
}
