package io.aigw.filters.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The matcher on a generated lexicon of the benchmark's shape (thousands of Chinese and Latin terms,
 * so dense rows, long single-child chains and the bigram filter are all in play) against the brute-force
 * reference, on mixed text with injected terms.
 */
class LargeLexiconTest {

    @Test
    void matchesTheReferenceOnALargeGeneratedLexicon() {
        SyntheticLexicon lexicon = SyntheticLexicon.generate(11L, 2_000);
        Map<String, List<String>> terms = lexicon.termsByCategory();
        for (int maxGap : new int[] {0, LexiconMatcher.DEFAULT_MAX_GAP}) {
            LexiconMatcher matcher = lexicon.matcher(maxGap);
            String text = lexicon.text(12L + maxGap, 30_000, 3);
            List<MatcherProbe.Hit> expected = NaiveMatcher.find(terms, maxGap, text);
            assertThat(expected).as("the text must contain matches").hasSizeGreaterThan(60);
            assertThat(MatcherProbe.find(matcher, text)).as("maxGap %d", maxGap).isEqualTo(expected);
        }
    }
}
