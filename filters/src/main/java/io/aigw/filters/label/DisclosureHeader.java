package io.aigw.filters.label;

import java.time.Instant;
import java.util.Objects;

/**
 * The {@code AI-Disclosure} response header after draft-abaris-aicdh: an RFC 9651 dictionary
 * {@code mode=ai-originated, model="…", provider="…", date=@<unix seconds>}.
 *
 * <p>{@code mode} is a token, {@code model} and {@code provider} are sf-strings, {@code date} is an
 * sf-date (RFC 9651 §3.3.7). An sf-string holds only printable ASCII (0x20..0x7E), with {@code "}
 * and {@code \} escaped by a backslash. Decision: any other character (non-ASCII such as
 * "通义千问", or a control character) is replaced by {@code ?}, one per code point. The header stays
 * well-formed whatever a model or provider is called; the exact names remain in the
 * AIGC metadata, the receipt and the audit line. Immutable.
 *
 * @param model the model that generated the answer; never null
 * @param provider the provider responsible for the answer; never null
 * @param date when the answer was generated; never null
 */
public record DisclosureHeader(String model, String provider, Instant date) {

    /** The header name. */
    public static final String NAME = "AI-Disclosure";

    /** @throws NullPointerException when a component is null */
    public DisclosureHeader {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(date, "date");
    }

    /** The field value, for example {@code mode=ai-originated, model="gpt-4o", provider="Acme Ltd", date=@1764000000}. */
    public String value() {
        StringBuilder sb = new StringBuilder(64 + model.length() + provider.length());
        sb.append("mode=ai-originated, model=");
        appendSfString(sb, model);
        sb.append(", provider=");
        appendSfString(sb, provider);
        sb.append(", date=@").append(date.getEpochSecond());
        return sb.toString();
    }

    /** Appends {@code value} as an RFC 9651 sf-string, replacing characters it cannot hold by {@code ?}. */
    static void appendSfString(StringBuilder sb, String value) {
        sb.append('"');
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '"' || cp == '\\') {
                sb.append('\\').append((char) cp);
            } else if (cp >= 0x20 && cp <= 0x7E) {
                sb.append((char) cp);
            } else {
                sb.append('?');
            }
        }
        sb.append('"');
    }
}
