package io.aigw.filters.label;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Global explicit-label settings ({@code aigw.label.*}) and the merge of route and product layers
 * over them. Immutable and thread-safe; build it with {@link #builder()}.
 *
 * <p>Precedence: <b>product &gt; route &gt; global</b>, field by field for the locale and the
 * position. The text comes from the highest layer that sets a text or a locale: its own text if it
 * has one, else the configured text of its locale. So a product that only switches the locale to
 * {@code en} gets the English text, never a route's Chinese text.
 *
 * @param locale the default locale (a BCP 47 tag, normalized, for example {@code zh-CN})
 * @param position the default position
 * @param texts label text per normalized locale tag; contains at least the built-in
 *     {@code zh-CN} and {@code en} texts unless replaced
 */
public record LabelConfig(String locale, LabelPosition position, Map<String, String> texts) {

    /** Built-in Chinese text. */
    public static final String DEFAULT_ZH_CN = "本内容由人工智能生成";
    /** Built-in English text. */
    public static final String DEFAULT_EN = "AI-generated content";

    /** The defaults: zh-CN, prefix, the two built-in texts. */
    public static final LabelConfig DEFAULTS = builder().build();

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException naming the value when a text fails {@link LabelWording} for
     *     its locale, or the default locale has no text
     */
    public LabelConfig {
        Objects.requireNonNull(position, "position");
        locale = normalizeLocale(locale);
        Map<String, String> normalized = new LinkedHashMap<>();
        texts.forEach((tag, text) -> {
            String key = normalizeLocale(tag);
            normalized.put(key, LabelWording.requireValid("aigw.label.texts." + tag, key, text));
        });
        texts = Map.copyOf(normalized);
        textFor(locale, texts);
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The label of one answer.
     *
     * <p>Cheap but not free: the lead should resolve once per product and route when those are
     * loaded (which also validates the product's settings early) and reuse the result.
     *
     * @param route the route's layer, or {@code null} for none
     * @param product the product's layer, or {@code null} for none
     * @throws IllegalArgumentException naming the locale when no text is configured for it, or
     *     naming the text when it fails the wording rule of the resolved locale
     */
    public ExplicitLabel resolve(LabelSettings route, LabelSettings product) {
        LabelSettings r = route == null ? LabelSettings.INHERIT : route;
        LabelSettings p = product == null ? LabelSettings.INHERIT : product;
        String resolvedLocale = normalizeLocale(first(p.locale(), r.locale(), locale));
        LabelPosition resolvedPosition = first(p.position(), r.position(), position);
        String text;
        if (p.text() != null || p.locale() != null) {
            text = p.text() != null ? p.text() : textFor(resolvedLocale, texts);
        } else if (r.text() != null || r.locale() != null) {
            text = r.text() != null ? r.text() : textFor(resolvedLocale, texts);
        } else {
            text = textFor(resolvedLocale, texts);
        }
        return new ExplicitLabel(resolvedLocale, resolvedPosition, text);
    }

    /**
     * Normalizes a locale tag: {@code zh_cn} and {@code ZH-cn} become {@code zh-CN}.
     *
     * @throws IllegalArgumentException naming the tag when it is blank or not a well-formed tag
     */
    public static String normalizeLocale(String tag) {
        if (tag == null || tag.isBlank()) {
            throw new IllegalArgumentException("label locale must not be blank: '" + tag + "'");
        }
        Locale l = Locale.forLanguageTag(tag.strip().replace('_', '-'));
        String normalized = l.toLanguageTag();
        if (l.getLanguage().isEmpty() || "und".equals(normalized)) {
            throw new IllegalArgumentException("label locale '" + tag + "' is not a BCP 47 language tag");
        }
        return normalized;
    }

    /** Exact tag, then the bare language, then any tag of the same language. */
    private static String textFor(String tag, Map<String, String> texts) {
        String exact = texts.get(tag);
        if (exact != null) {
            return exact;
        }
        String language = Locale.forLanguageTag(tag).getLanguage();
        String bare = texts.get(language);
        if (bare != null) {
            return bare;
        }
        return texts.entrySet().stream()
                .filter(e -> Locale.forLanguageTag(e.getKey()).getLanguage().equals(language))
                .map(Map.Entry::getValue)
                .sorted()
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no label text for locale '" + tag
                        + "': configure aigw.label.texts." + tag));
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        throw new IllegalStateException("the global layer always has a value");
    }

    /** Validating builder for {@link LabelConfig}; not thread-safe. */
    public static final class Builder {
        private String locale = "zh-CN";
        private LabelPosition position = LabelPosition.PREFIX;
        private final Map<String, String> texts = new LinkedHashMap<>(
                Map.of("zh-CN", DEFAULT_ZH_CN, "en", DEFAULT_EN));

        private Builder() {
        }

        /** {@code aigw.label.locale}, default {@code zh-CN}. */
        public Builder locale(String locale) {
            this.locale = Objects.requireNonNull(locale, "locale");
            return this;
        }

        /** {@code aigw.label.position}, default {@link LabelPosition#PREFIX}. */
        public Builder position(LabelPosition position) {
            this.position = Objects.requireNonNull(position, "position");
            return this;
        }

        /** {@code aigw.label.texts.<locale>}: sets or replaces the text of one locale. */
        public Builder text(String locale, String text) {
            texts.put(normalizeLocale(locale), Objects.requireNonNull(text, "text"));
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException naming the bad value, see {@link LabelConfig}
         */
        public LabelConfig build() {
            return new LabelConfig(locale, position, texts);
        }
    }
}
