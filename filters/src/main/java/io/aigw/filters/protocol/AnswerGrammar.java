package io.aigw.filters.protocol;

import java.util.List;

/**
 * What a stage that inserts text (the explicit AI label) must know about a protocol's answer
 * structure beyond {@link ChatEvent}: where a text may legally be inserted, and which event can
 * carry extra top-level fields at the end. Implementations are stateless and thread-safe.
 */
public interface AnswerGrammar {

    /** Whether {@code event} opens a text block (its {@link ChatEvent#index()} is the block's). */
    boolean opensTextBlock(ChatEvent event);

    /** Whether {@code event} opens a content block of any kind. */
    boolean opensBlock(ChatEvent event);

    /** Whether {@code event} closes the content block {@link ChatEvent#index()}. */
    boolean closesBlock(ChatEvent event);

    /** Events that deliver {@code text} where no text block is open, at block / choice {@code index}. */
    List<ChatEvent> newText(int index, String text);

    /** Whether the end-of-stream event is a JSON data event that can carry extra fields. */
    boolean endCarriesData();

    /** Whether text at different indexes belongs to one answer (blocks) rather than to alternatives (choices). */
    boolean allTextIsOneAnswer();
}
