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
 * points, long single-child chains, and the default dense-row and narrow-row budgets, each alone, and none;
 * the step told whether a symbol crosses scripts (side children) agrees with the general one.
 */
class AutomatonBuilderTest {

    private static final int[] CODE_POINTS = codePoints();

    @Test
    void reportsExactlyTheTermsEndingAtEachPositionWhateverTheRecordLayout() {
        Random random = new Random(4242L);
        int reports = 0;
        for (int iteration = 0; iteration < 300; iteration++) {
            List<int[]> terms = randomTerms(random);
            reports += checkAgainstDefinition(terms, iteration, () -> random.nextInt(4) == 0
                    ? terms.get(random.nextInt(terms.size()))[0] : CODE_POINTS[random.nextInt(CODE_POINTS.length)]);
        }
        assertThat(reports).as("the generator must make terms occur").isGreaterThan(5_000);
    }

    /**
     * Terms like mixed pinyin spellings (Latin prefixes continued by many different Han characters, Han
     * characters continued by Latin letters): Latin states with a narrow row and character side children,
     * Han states with Latin side children, the Latin prefixes laid out first, and texts of the same symbols.
     */
    @Test
    void latinPrefixesContinuedByManyCharactersAgreeWithTheDefinition() {
        Random random = new Random(1717L);
        int[] alphabet = "abcdefghijklmno".codePoints().toArray();
        int[] han = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现".codePoints().toArray();
        int[] symbols = new int[alphabet.length + han.length];
        System.arraycopy(alphabet, 0, symbols, 0, alphabet.length);
        System.arraycopy(han, 0, symbols, alphabet.length, han.length);
        int reports = 0;
        for (int iteration = 0; iteration < 200; iteration++) {
            Set<String> distinct = new LinkedHashSet<>();
            int letters = 2 + random.nextInt(alphabet.length - 1);
            for (int count = 1 + random.nextInt(120); distinct.size() < count; ) {
                StringBuilder term = new StringBuilder();
                for (int k = 1 + random.nextInt(7); k > 0; k--) {
                    boolean latin = random.nextInt(3) > 0;
                    term.appendCodePoint(latin ? alphabet[random.nextInt(letters)] : han[random.nextInt(han.length)]);
                }
                distinct.add(term.toString());
            }
            List<int[]> terms = distinct.stream().map(t -> t.codePoints().toArray()).toList();
            // Text: whole terms (a match), term prefixes (a failure deep in the trie) and random symbols.
            java.util.ArrayDeque<Integer> queued = new java.util.ArrayDeque<>();
            reports += checkAgainstDefinition(terms, iteration, () -> {
                if (queued.isEmpty()) {
                    int[] term = terms.get(random.nextInt(terms.size()));
                    int length = random.nextBoolean() ? term.length : 1 + random.nextInt(term.length);
                    Arrays.stream(term, 0, length).forEach(queued::add);
                    for (int k = random.nextInt(3); k > 0; k--) {
                        queued.add(symbols[random.nextInt(symbols.length)]);
                    }
                }
                return queued.poll();
            });
        }
        assertThat(reports).as("the generator must make terms occur").isGreaterThan(5_000);
    }

    /** Steps every layout of {@code terms} over random text; returns the number of terms reported. */
    private static int checkAgainstDefinition(List<int[]> terms, int iteration, java.util.function.IntSupplier text) {
        int reports = 0;
        List<Automaton> layouts = List.of(AutomatonBuilder.build(terms), AutomatonBuilder.build(terms, 0, 0),
                AutomatonBuilder.build(terms, 0, AutomatonBuilder.NARROW_BUDGET),
                AutomatonBuilder.build(terms, AutomatonBuilder.DENSE_BUDGET, 0));
        for (Automaton automaton : layouts) {
            List<Integer> seen = new ArrayList<>();
            int state = Automaton.ROOT;
            int previous = 0;
            for (int step = 0; step < 400; step++) {
                int cp = text.getAsInt();
                seen.add(cp);
                int sym = automaton.symbolOf(cp);
                if (sym == 0) {
                    state = Automaton.ROOT;
                    previous = 0;
                    assertThat(endingTerms(terms, seen)).isEmpty();
                    continue;
                }
                // The cursor's step, told whether the symbol crosses scripts, agrees with the general one.
                int ascii = automaton.narrowLimit;
                int crossing = automaton.step(state, sym, 0, previous <= ascii != sym <= ascii);
                state = automaton.step(state, sym, 0);
                assertThat(crossing).as("iteration %d, step %d: crossing flag", iteration, step).isEqualTo(state);
                previous = sym;
                Set<Integer> expected = endingTerms(terms, seen);
                Set<Integer> actual = new TreeSet<>();
                if (automaton.hasOutput(state)) {
                    Arrays.stream(automaton.outputsOf(state)).forEach(actual::add);
                }
                assertThat(actual).as("iteration %d, step %d", iteration, step).isEqualTo(expected);
                reports += actual.size();
            }
        }
        return reports;
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
