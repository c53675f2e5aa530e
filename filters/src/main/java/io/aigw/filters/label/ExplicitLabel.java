package io.aigw.filters.label;

import java.util.Objects;

/**
 * The visible text label of one answer, resolved from global, route and product settings.
 *
 * <p>Separator decision: the label always stands in its own paragraph, so it stays visible and
 * separate from the answer in plain text and in Markdown renderings, and a copy of the answer
 * keeps it. The prefix is {@code text + "\n\n"}, the suffix is {@code "\n\n" + text}. Immutable.
 *
 * @param locale the BCP 47 tag the text was chosen for
 * @param position where the label goes
 * @param text the label text, already validated by {@link LabelWording}
 */
public record ExplicitLabel(String locale, LabelPosition position, String text) {

    /** Separates the label from the content. */
    public static final String SEPARATOR = "\n\n";

    /**
     * Validates the label.
     *
     * @throws IllegalArgumentException naming the text when it fails the {@link LabelWording} rule
     * @throws NullPointerException when a component is null
     */
    public ExplicitLabel {
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(position, "position");
        LabelWording.requireValid("label", locale, text);
    }

    /** What goes before the content: {@code text + "\n\n"}, or {@code ""} for {@link LabelPosition#SUFFIX}. */
    public String prefix() {
        return position.hasPrefix() ? text + SEPARATOR : "";
    }

    /** What goes after the content: {@code "\n\n" + text}, or {@code ""} for {@link LabelPosition#PREFIX}. */
    public String suffix() {
        return position.hasSuffix() ? SEPARATOR + text : "";
    }

    /** The whole labeled text of a non-streaming answer: {@code prefix() + content + suffix()}. */
    public String apply(String content) {
        return prefix() + content + suffix();
    }
}
