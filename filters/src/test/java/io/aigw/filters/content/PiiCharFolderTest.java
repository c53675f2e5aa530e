package io.aigw.filters.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PiiCharFolderTest {

    @Test
    void keepsAsciiTokenCharactersAndDropsSeparators() {
        assertThat(PiiCharFolder.fold('7')).isEqualTo('7');
        assertThat(PiiCharFolder.fold('x')).isEqualTo('x');
        assertThat(PiiCharFolder.fold('@')).isEqualTo('@');
        assertThat(PiiCharFolder.fold(' ')).isEqualTo((char) 0);
        assertThat(PiiCharFolder.fold('中')).isEqualTo((char) 0);
        assertThat(PiiCharFolder.fold('#')).isEqualTo((char) 0);
    }

    @Test
    void foldsFullWidthFormsToAscii() {
        assertThat(PiiCharFolder.fold('１')).isEqualTo('1');
        assertThat(PiiCharFolder.fold('０')).isEqualTo('0');
        assertThat(PiiCharFolder.fold('Ｘ')).isEqualTo('X');
        assertThat(PiiCharFolder.fold('ｅ')).isEqualTo('e');
        assertThat(PiiCharFolder.fold('＠')).isEqualTo('@');
        assertThat(PiiCharFolder.fold('．')).isEqualTo('.');
        assertThat(PiiCharFolder.fold('＋')).isEqualTo('+');
        assertThat(PiiCharFolder.fold('\u3000')).isEqualTo((char) 0);   // ideographic space still separates
        assertThat(PiiCharFolder.fold('＃')).isEqualTo((char) 0);
    }

    @Test
    void foldsOtherDecimalDigitsIncludingSupplementaryOnes() {
        assertThat(PiiCharFolder.fold('\u0663')).isEqualTo('3');             // Arabic-Indic three
        assertThat(PiiCharFolder.fold('\u096F')).isEqualTo('9');             // Devanagari nine
        assertThat(PiiCharFolder.foldCodePoint(0x1D7CF)).isEqualTo('1');     // mathematical bold one
        assertThat(PiiCharFolder.foldCodePoint(0x1F600)).isEqualTo((char) 0); // an emoji separates
        assertThat(PiiCharFolder.fold('①')).isEqualTo((char) 0);            // circled numbers are not digits
    }
}
