package io.aigw.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MockReplyComposerTest {

    private final MockReplyComposer composer = new MockReplyComposer();

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 12, 50, 333, 10_000})
    void englishReplySplitsIntoExactlyTheRequestedNonEmptyPieces(int chunks) {
        MockReply reply = composer.compose(request("How are you?"), chunks);

        assertThat(reply.pieces()).hasSize(chunks).allSatisfy(piece -> assertThat(piece).isNotEmpty());
        assertThat(String.join("", reply.pieces())).isEqualTo(reply.text());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 12, 50, 333})
    void chineseReplySplitsIntoExactlyTheRequestedNonEmptyPieces(int chunks) {
        MockReply reply = composer.compose(request("你好吗？"), chunks);

        assertThat(reply.pieces()).hasSize(chunks).allSatisfy(piece -> assertThat(piece).isNotEmpty());
        assertThat(String.join("", reply.pieces())).isEqualTo(reply.text());
        assertThat(MockReplyComposer.containsHan(reply.text())).isTrue();
    }

    @Test
    void englishPiecesBreakBetweenWords() {
        MockReply reply = composer.compose(request("How are you?"), 12);

        assertThat(reply.pieces().subList(0, 11)).allSatisfy(piece -> assertThat(piece).endsWith(" "));
    }

    @Test
    void sameInputGivesTheSameReply() {
        assertThat(composer.compose(request("same"), 7)).isEqualTo(composer.compose(request("same"), 7));
    }

    @Test
    void longPromptIsQuotedCutWithAnEllipsis() {
        String longPrompt = "word ".repeat(100);

        String text = composer.compose(request(longPrompt), 1).text();

        assertThat(text).contains("\"" + longPrompt.strip().substring(0, MockReplyComposer.MAX_QUOTE) + "…\"");
    }

    @Test
    void emptyPromptStillGivesAnAnswer() {
        MockReply reply = composer.compose(request(""), 3);

        assertThat(reply.text()).startsWith("Hello!").contains("did not ask");
        assertThat(reply.promptTokens()).isPositive();
        assertThat(reply.completionTokens()).isPositive();
    }

    @Test
    void tokenCountsGrowWithText() {
        MockReply shortReply = composer.compose(request("hi"), 1);
        MockReply longReply = composer.compose(request("hi ".repeat(50)), 1);

        assertThat(longReply.promptTokens()).isGreaterThan(shortReply.promptTokens());
        assertThat(longReply.completionTokens()).isGreaterThan(shortReply.completionTokens());
        assertThat(shortReply.totalTokens()).isEqualTo(shortReply.promptTokens() + shortReply.completionTokens());
    }

    @Test
    void chunksOutOfRangeAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> composer.compose(request("hi"), 0))
                .withMessageContaining("was 0");
    }

    private static MockChatRequest request(String lastUser) {
        return new MockChatRequest("gpt-4o", false, false, lastUser, lastUser);
    }
}
