package io.aigw.filters.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.label.StrictSfDictionaryParser.SfDate;
import io.aigw.filters.label.StrictSfDictionaryParser.Token;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DisclosureHeaderTest {

    private static final Instant DATE = Instant.parse("2026-11-24T10:15:30.900Z");

    @Test
    void isAnRfc9651DictionaryWithTokenStringsAndDate() {
        String value = new DisclosureHeader("gpt-4o", "Acme Ltd", DATE).value();

        assertThat(value).isEqualTo(
                "mode=ai-originated, model=\"gpt-4o\", provider=\"Acme Ltd\", date=@" + DATE.getEpochSecond());
        Map<String, Object> dict = StrictSfDictionaryParser.parse(value);
        assertThat(dict).containsExactly(
                Map.entry("mode", new Token("ai-originated")),
                Map.entry("model", "gpt-4o"),
                Map.entry("provider", "Acme Ltd"),
                Map.entry("date", new SfDate(DATE.getEpochSecond())));
    }

    @Test
    void escapesQuoteAndBackslashSoTheyRoundTrip() {
        String model = "we\"ird\\model";
        String value = new DisclosureHeader(model, "p\\\"", DATE).value();

        Map<String, Object> dict = StrictSfDictionaryParser.parse(value);
        assertThat(dict.get("model")).isEqualTo(model);
        assertThat(dict.get("provider")).isEqualTo("p\\\"");
    }

    @Test
    void replacesNonAsciiAndControlCharactersPerCodePoint() {
        String value = new DisclosureHeader("通义千问-max", "Ac\tme 😀 Ltd\n", DATE).value();

        Map<String, Object> dict = StrictSfDictionaryParser.parse(value);
        assertThat(dict.get("model")).isEqualTo("????-max");
        assertThat(dict.get("provider")).isEqualTo("Ac?me ? Ltd?");
        assertThat(value.chars()).allMatch(c -> c >= 0x20 && c <= 0x7E);
    }

    @Test
    void dateBeforeTheEpochIsANegativeInteger() {
        String value = new DisclosureHeader("m", "p", Instant.ofEpochSecond(-5)).value();

        assertThat(StrictSfDictionaryParser.parse(value).get("date")).isEqualTo(new SfDate(-5));
    }

    @Test
    void theTestParserIsStrict() {
        assertThatThrownBy(() -> StrictSfDictionaryParser.parse("model=\"a\\b\"")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StrictSfDictionaryParser.parse("model=\"é\"")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StrictSfDictionaryParser.parse("Mode=a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StrictSfDictionaryParser.parse("a=1,")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StrictSfDictionaryParser.parse("date=@1.5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> new DisclosureHeader(null, "p", DATE)).isInstanceOf(NullPointerException.class);
    }
}
