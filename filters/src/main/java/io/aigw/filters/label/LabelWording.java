package io.aigw.filters.label;

import java.util.Locale;

/**
 * The wording rule for explicit text labels.
 *
 * <p>GB 45438-2025 requires the prompt text to contain "人工智能" or "AI" together with "生成" or
 * "合成": "AI生成" and "本内容由人工智能生成" pass, "AI助手" fails. Decisions:
 * <ul>
 *   <li>"AI" is matched case-sensitively, as the two ASCII capitals (or their full-width forms
 *       "ＡＩ"): lower-case "ai" occurs inside ordinary words ("said") and proves nothing.</li>
 *   <li>Chinese locales ({@code zh}, {@code zh-CN}, {@code zh-TW}, ...) get exactly the rule
 *       above. A label shown to Chinese users must be Chinese wording.</li>
 *   <li>Other locales also accept the English equivalent of "生成/合成": "generated",
 *       "synthesized", "synthesised" or "synthetic" (any case), so the default English text
 *       "AI-generated content" passes while "AI assistant" still fails.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class LabelWording {

    private LabelWording() {
    }

    /**
     * Whether {@code text} satisfies the wording rule for {@code locale}.
     *
     * @param locale a BCP 47 tag such as {@code zh-CN} or {@code en}; never null
     * @param text the label text; never null
     */
    public static boolean isValid(String locale, String text) {
        if (text.isBlank()) {
            return false;
        }
        boolean namesAi = text.contains("人工智能") || text.contains("AI") || text.contains("ＡＩ");
        if (!namesAi) {
            return false;
        }
        if (text.contains("生成") || text.contains("合成")) {
            return true;
        }
        if (isChinese(locale)) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains("generated") || lower.contains("synthesized")
                || lower.contains("synthesised") || lower.contains("synthetic");
    }

    /**
     * Returns {@code text} when it satisfies the rule for {@code locale}.
     *
     * @param source where the text was configured, used in the message (for example
     *     {@code aigw.label.texts.zh-CN})
     * @throws IllegalArgumentException naming the source and the value when it does not
     */
    public static String requireValid(String source, String locale, String text) {
        if (text == null || !isValid(locale, text)) {
            throw new IllegalArgumentException(source + ": label text '" + text + "' for locale " + locale
                    + " must contain \"人工智能\" or \"AI\" together with \"生成\" or \"合成\""
                    + (isChinese(locale) ? "" : " (or \"generated\"/\"synthesized\")")
                    + " (GB 45438-2025)");
        }
        return text;
    }

    static boolean isChinese(String locale) {
        return locale.equalsIgnoreCase("zh") || locale.regionMatches(true, 0, "zh-", 0, 3)
                || locale.regionMatches(true, 0, "zh_", 0, 3);
    }
}
