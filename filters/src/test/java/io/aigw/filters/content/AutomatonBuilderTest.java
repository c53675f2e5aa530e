package io.aigw.filters.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The automaton alone, against the definition of Aho–Corasick: after each symbol of a random sequence,
 * the terms reported are exactly the terms that are a suffix of the sequence so far. Lexicons use more
 * than 32 symbols (so that signatures collide and some states search their edges), supplementary code
 * points, long single-child chains, and the default dense-row and narrow-row budgets, each alone, and none.
 */
class AutomatonBuilderTest {

    private static final int[] CODE_POINTS = codePoints();

    @Test
    void reportsExactlyTheTermsEndingAtEachPositionWhateverTheRecordLayout() {
        Random random = new Random(4242L);
        int reports = 0;
        for (int iteration = 0; iteration < 300; iteration++) {
            List<int[]> terms = randomTerms(random);
            List<Automaton> layouts = List.of(AutomatonBuilder.build(terms), AutomatonBuilder.build(terms, 0, 0),
                    AutomatonBuilder.build(terms, 0, AutomatonBuilder.NARROW_BUDGET),
                    AutomatonBuilder.build(terms, AutomatonBuilder.DENSE_BUDGET, 0));
            for (Automaton automaton : layouts) {
                List<Integer> seen = new ArrayList<>();
                int state = Automaton.ROOT;
                for (int step = 0; step < 400; step++) {
                    int cp = random.nextInt(4) == 0 ? terms.get(random.nextInt(terms.size()))[0]
                            : CODE_POINTS[random.nextInt(CODE_POINTS.length)];
                    seen.add(cp);
                    int sym = automaton.symbolOf(cp);
                    if (sym == 0) {
                        state = Automaton.ROOT;
                        assertThat(endingTerms(terms, seen)).isEmpty();
                        continue;
                    }
                    state = automaton.step(state, sym, 0);
                    Set<Integer> expected = endingTerms(terms, seen);
                    Set<Integer> actual = new TreeSet<>();
                    if (automaton.hasOutput(state)) {
                        Arrays.stream(automaton.outputsOf(state)).forEach(actual::add);
                    }
                    assertThat(actual).as("iteration %d, step %d", iteration, step).isEqualTo(expected);
                    reports += actual.size();
                }
            }
        }
        assertThat(reports).as("the generator must make terms occur").isGreaterThan(5_000);
    }

    @Test
    void bigramFilterHasNoFalseNegativesAndFewFalsePositives() {
        Random random = new Random(7L);
        List<int[]> symbols = new ArrayList<>();
        Set<Long> pairs = new LinkedHashSet<>();
        for (int t = 0; t < 20_000; t++) {
            int[] term = random.ints(2 + random.nextInt(5), 1, 3_000).toArray();
            symbols.add(term);
            for (int k = 1; k < term.length; k++) {
                pairs.add((long) term[k - 1] << 32 | term[k]);
            }
        }
        BigramFilter filter = BigramFilter.of(symbols, sym -> true);
        for (long pair : pairs) {
            assertThat(BigramFilter.mayFollow(filter.bits, filter.shift, (int) (pair >>> 32), (int) pair)).isTrue();
        }
        int falsePositives = 0;
        int probes = 0;
        while (probes < 100_000) {
            int a = 1 + random.nextInt(3_000);
            int b = 1 + random.nextInt(3_000);
            if (!pairs.contains((long) a << 32 | b)) {
                probes++;
                falsePositives += BigramFilter.mayFollow(filter.bits, filter.shift, a, b) ? 1 : 0;
            }
        }
        assertThat(falsePositives).as("false positives in 100,000 probes").isLessThan(10_000);
    }

    /** Indexes of the terms that are a suffix of {@code seen}. */
    private static Set<Integer> endingTerms(List<int[]> terms, List<Integer> seen) {
        Set<Integer> ending = new TreeSet<>();
        for (int t = 0; t < terms.size(); t++) {
            int[] term = terms.get(t);
            int from = seen.size() - term.length;
            boolean suffix = from >= 0;
            for (int k = 0; suffix && k < term.length; k++) {
                suffix = seen.get(from + k) == term[k];
            }
            if (suffix) {
                ending.add(t);
            }
        }
        return ending;
    }

    private static List<int[]> randomTerms(Random random) {
        Set<String> distinct = new LinkedHashSet<>();
        int count = 1 + random.nextInt(60);
        // A narrow alphabet makes shared prefixes, wide states and failure chains; a wide one makes collisions.
        int alphabet = random.nextBoolean() ? 4 : CODE_POINTS.length;
        while (distinct.size() < count) {
            int length = random.nextInt(8) == 0 ? 10 + random.nextInt(20) : 1 + random.nextInt(5);
            int[] term = new int[length];
            for (int k = 0; k < length; k++) {
                term[k] = CODE_POINTS[random.nextInt(alphabet)];
            }
            distinct.add(new String(term, 0, length));
        }
        return distinct.stream().map(s -> s.codePoints().toArray()).toList();
    }

    /** 40 normalized code points: Latin letters, digits, CJK and supplementary ideographs. */
    private static int[] codePoints() {
        List<Integer> cps = new ArrayList<>();
        "abcdefghijklmnopqrstuvwxyz0123456789中国人发".codePoints().forEach(cps::add);
        cps.add(0x20000);
        cps.add(0x2A6D6);
        return cps.stream().mapToInt(Integer::intValue).toArray();
    }
}
