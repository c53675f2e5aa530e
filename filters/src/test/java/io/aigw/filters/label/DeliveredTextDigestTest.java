package io.aigw.filters.label;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveredTextDigestTest {

    private static final String TEXT = "本内容由人工智能生成\n\nHello, wörld 😀 𝄞 end.";

    @Test
    void equalsTheHashOfTheWholeTextForEverySplitIntoThreePieces() {
        String expected = Receipts.contentSha256(TEXT);
        for (int i = 0; i <= TEXT.length(); i++) {
            for (int j = i; j <= TEXT.length(); j++) {
                DeliveredTextDigest digest = new DeliveredTextDigest();
                digest.update(TEXT.substring(0, i));
                digest.update(TEXT.substring(i, j));
                digest.update(TEXT.substring(j));
                assertThat(digest.finish()).as("split at %d,%d", i, j).isEqualTo(expected);
            }
        }
    }

    @Test
    void loneSurrogatesCountAsQuestionMarksLikeStringGetBytes() {
        for (String odd : new String[] {"a\uD83D", "\uDE00b", "\uD83D\uD83Dx", "x\uDE00\uD83D"}) {
            DeliveredTextDigest digest = new DeliveredTextDigest();
            for (int i = 0; i < odd.length(); i++) {
                digest.update(odd.substring(i, i + 1));
            }
            assertThat(digest.finish()).as(odd).isEqualTo(Receipts.contentSha256(odd));
        }
    }

    @Test
    void handlesTextLongerThanItsBuffer() {
        String longText = "汉字".repeat(2_000) + "x";
        DeliveredTextDigest digest = new DeliveredTextDigest();
        digest.update(longText);

        assertThat(digest.finish()).isEqualTo(Receipts.contentSha256(longText));
        assertThat(Receipts.contentSha256("")).isEqualTo("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
    }
}
