package io.aigw.filters.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamScannerTest {

    private final ContentPolicy policy = ContentPolicy.builder()
            .lexicon(LexiconMatcher.builder()
                    .add("A1", "颠覆国家政权")
                    .add("A3", "发票代开")
                    .add("rude", "idiot")
                    .add(LexiconMatcher.ALLOW, "颠覆国家政权罪")
                    .build())
            .action("A1", Action.BLOCK)
            .action("A3", Action.MASK)
            .action("rude", Action.BLOCK)
            .defaultAction(Action.MASK)
            .build();

    @Test
    void releasesCleanTextAtOnceExceptAPossibleTermStart() {
        StreamScanner s = policy.newStreamScanner();
        assertThat(s.accept("你好，世界。")).isEqualTo("你好，世界。");
        assertThat(s.accept("我们发")).isEqualTo("我们");    // 发 could begin 发票代开
        assertThat(s.heldBack()).isEqualTo(1);
        assertThat(s.accept("现了")).isEqualTo("发现了");
        assertThat(s.finish()).isEmpty();
        assertThat(s.outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void masksATermSplitAcrossDeltas() {
        StreamScanner s = policy.newStreamScanner();
        StringBuilder out = new StringBuilder();
        for (String d : new String[] {"专业发", "票", "代", "开，欢迎"}) {
            out.append(s.accept(d));
        }
        out.append(s.finish());
        assertThat(out).hasToString("专业****，欢迎");
        assertThat(s.matches()).containsExactly(new ContentMatch("A3", 2, 6, Action.MASK));
    }

    @Test
    void blocksWithoutReleasingAnyCharOfTheTermAndWithholdsTheRest() {
        StreamScanner s = policy.newStreamScanner();
        StringBuilder out = new StringBuilder();
        String text = "好的。如何颠\u200B覆 国家政权？以下是步骤";
        for (int i = 0; i < text.length(); i++) {
            out.append(s.accept(text.substring(i, i + 1)));
        }
        assertThat(s.isBlocked()).isTrue();
        assertThat(s.accept("more")).isEmpty();
        out.append(s.finish());
        assertThat(out).hasToString("好的。如何");
        assertThat(s.blockingMatch()).contains(new ContentMatch("A1", 5, 13, Action.BLOCK));
        assertThat(s.heldBack()).isZero();
    }

    @Test
    void waitsForTheWordBoundaryOfALatinTerm() {
        StreamScanner s = policy.newStreamScanner();
        assertThat(s.accept("you idiot")).isEqualTo("you ");
        assertThat(s.accept("s are")).isEqualTo("idiots ");   // "idiots" is another word: no match
        assertThat(s.accept(" an idiot")).isEqualTo("are an ");
        assertThat(s.accept("!")).isEmpty();
        assertThat(s.isBlocked()).isTrue();
    }

    @Test
    void holdsAMatchUntilAnOverlappingAllowTermIsRuledOut() {
        StreamScanner s = policy.newStreamScanner();
        assertThat(s.accept("关于颠覆国家政权")).isEqualTo("关于");
        assertThat(s.accept("罪")).isEqualTo("颠覆国家政权罪");
        assertThat(s.isBlocked()).isFalse();
    }

    @Test
    void finishReleasesTheHeldTail() {
        StreamScanner s = policy.newStreamScanner();
        assertThat(s.accept("发票代")).isEmpty();
        assertThat(s.finish()).isEqualTo("发票代");
        assertThat(s.finish()).isEmpty();
        assertThatThrownBy(() -> s.accept("x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void masksPiiSplitAcrossDeltas() {
        StreamScanner s = policy.newStreamScanner();
        String out = s.accept("电话1381") + s.accept("2345") + s.accept("678，") + s.finish();
        assertThat(out).isEqualTo("电话***********，");
    }

    @Test
    void handlesASurrogatePairSplitAcrossDeltas() {
        ContentPolicy p = ContentPolicy.builder().lexicon(LexiconMatcher.builder().add("x", "ab").build())
                .defaultAction(Action.MASK).piiDetection(false).build();
        StreamScanner s = p.newStreamScanner();
        String bold = "𝐚𝐛";
        String out = s.accept(bold.substring(0, 1)) + s.accept(bold.substring(1, 3)) + s.accept(bold.substring(3))
                + s.accept("!") + s.finish();
        assertThat(out).isEqualTo("****!");
    }
}
