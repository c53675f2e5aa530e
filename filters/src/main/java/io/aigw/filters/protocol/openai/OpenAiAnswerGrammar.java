package io.aigw.filters.protocol.openai;

import io.aigw.filters.protocol.AnswerGrammar;
import io.aigw.filters.protocol.ChatEvent;
import java.util.List;

/**
 * OpenAI Chat Completions: a choice's content is one open-ended text, so text can be added to it at
 * any point before its finish; choices are alternative answers, not parts of one; the end marker
 * {@code [DONE]} is not JSON, so extra fields ride on the last JSON chunk before it.
 */
final class OpenAiAnswerGrammar implements AnswerGrammar {

    @Override
    public boolean opensTextBlock(ChatEvent event) {
        return false;
    }

    @Override
    public boolean opensBlock(ChatEvent event) {
        return false;
    }

    @Override
    public boolean closesBlock(ChatEvent event) {
        return false;
    }

    @Override
    public List<ChatEvent> newText(int index, String text) {
        return List.of(ChatEvent.text(index, text));
    }

    @Override
    public boolean endCarriesData() {
        return false;
    }

    @Override
    public boolean allTextIsOneAnswer() {
        return false;
    }
}
