package io.aigw.filters.license;

/**
 * Per-product overrides of the global {@code aigw.label} settings; each null component means
 * "use the global setting". The values are checked by the label module, not here.
 *
 * @param locale   e.g. {@code zh-CN}, {@code en}
 * @param position {@code prefix}, {@code suffix} or {@code both}
 * @param text     the explicit label text
 */
public record LabelOverride(String locale, String position, String text) {
}
