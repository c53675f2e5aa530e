package io.aigw.filters.label;

/**
 * One layer of explicit-label settings (route level or product level) whose {@code null} fields
 * inherit from the layer below. See {@link LabelConfig#resolve(LabelSettings, LabelSettings)} for
 * how layers merge. Immutable.
 *
 * @param locale a BCP 47 tag such as {@code zh-CN}, or {@code null} to inherit
 * @param position where the label goes, or {@code null} to inherit
 * @param text the label text for this layer, or {@code null} to take the configured text of the
 *     resolved locale
 */
public record LabelSettings(String locale, LabelPosition position, String text) {

    /** A layer that overrides nothing. */
    public static final LabelSettings INHERIT = new LabelSettings(null, null, null);

    /**
     * Validates the layer. A text is checked against this layer's locale when it names one, else
     * against the non-Chinese rule; {@link LabelConfig#resolve} checks it again against the locale
     * it is finally shown in.
     *
     * @throws IllegalArgumentException naming the value when {@code locale} is blank or
     *     {@code text} fails the {@link LabelWording} rule
     */
    public LabelSettings {
        if (locale != null && locale.isBlank()) {
            throw new IllegalArgumentException("label locale must not be blank: '" + locale + "'");
        }
        if (text != null) {
            LabelWording.requireValid("label.text", locale == null ? "und" : locale, text);
        }
    }

    /** Whether this layer overrides nothing. */
    public boolean isEmpty() {
        return locale == null && position == null && text == null;
    }
}
