package io.aigw.filters.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticLexiconTest {

    @TempDir
    Path dir;

    @Test
    void generatesALoadableLexiconOfTenThousandTermsThatFindsItsInjectedTerms() {
        SyntheticLexicon synthetic = SyntheticLexicon.generate(1L, 10_000);
        assertThat(synthetic.allTerms()).hasSize(10_000).doesNotHaveDuplicates();
        synthetic.writeTo(dir);
        LexiconMatcher matcher = LexiconLoader.load(dir);
        assertThat(matcher.categories()).containsExactlyInAnyOrder("A1", "A2", "A3", "A4", "A5");
        assertThat(matcher.termCount()).isGreaterThan(9_900);   // a few terms fold to the same normalized form

        String text = synthetic.text(2L, 100_000, 10);
        Verdict verdict = ContentPolicy.builder().lexicon(matcher).defaultAction(Action.FLAG).build().scan(text);
        assertThat(verdict.matches().size()).isGreaterThan(text.length() / 1000);
    }

    @Test
    void isDeterministicForASeed() {
        assertThat(SyntheticLexicon.generate(5L, 500).allTerms())
                .isEqualTo(SyntheticLexicon.generate(5L, 500).allTerms());
        SyntheticLexicon s = SyntheticLexicon.generate(5L, 500);
        assertThat(s.text(9L, 5_000, 3)).isEqualTo(s.text(9L, 5_000, 3));
    }
}
