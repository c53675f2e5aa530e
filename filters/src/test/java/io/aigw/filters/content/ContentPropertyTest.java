package io.aigw.filters.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.content.MatcherProbe.Hit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property tests over random lexicons and texts (seeded, so failures reproduce): the automaton against a
 * brute-force reference, and the stream scanner, split at random points, against the one-shot scan.
 */
class ContentPropertyTest {

    private static final String TERM_CHARS = "absx中国人发票12";
    private static final String[] GAPS = {" ", ".", "-", "，", "😀", "*", "\u3000"};
    private static final String[] INVISIBLES = {"\u200B", "\u00AD", "\u200D", "\uFE0F", "\u0301",
            new String(Character.toChars(0xE0041))};
    private static final String[] FILLERS = {"e", "z", "y", "我", "的", "。", " ", "😀", "⑩", "ﬁ", "S", "9", "@",
            "發", "ａ", "𝐛", "а", "\n"};
    private static final String[] PII = {"13812345678", "+8615012345678", "11010519491231002X",
            "4111111111111111", "a.b@ex.cn", "10.0.0.1", "4111111111111112", "256.1.1.1"};
    private static final String[] CATEGORIES = {"c1", "c2", "c3"};

    @Test
    void matcherAgreesWithBruteForceReference() {
        Random random = new Random(20261124L);
        int withMatches = 0;
        for (int iteration = 0; iteration < 3000; iteration++) {
            Map<String, List<String>> terms = randomLexicon(random);
            int maxGap = random.nextInt(5);
            LexiconMatcher matcher = build(terms, maxGap);
            String text = randomText(random, terms, 1 + random.nextInt(30));
            List<Hit> expected = NaiveMatcher.find(terms, maxGap, text);
            withMatches += expected.isEmpty() ? 0 : 1;
            assertThat(MatcherProbe.find(matcher, text))
                    .as("iteration %d, terms %s, maxGap %d, text '%s'", iteration, terms, maxGap, text)
                    .isEqualTo(expected);
        }
        assertThat(withMatches).as("the generator must exercise matches").isGreaterThan(1500);
    }

    /**
     * Latin words, where the cursor prunes matches that would begin inside a word and skips the rest of
     * such a word: lexicons of branching words over a 4-letter alphabet, texts of words glued, spaced,
     * or joined by invisibles, with terms disguised by case, width, homoglyphs and gaps.
     */
    @Test
    void latinWordsAgreeWithBruteForceReference() {
        Random random = new Random(20261125L);
        int withMatches = 0;
        for (int iteration = 0; iteration < 3000; iteration++) {
            Map<String, List<String>> terms = new LinkedHashMap<>();
            int count = 2 + random.nextInt(12);
            for (int t = 0; t < count; t++) {
                String category = random.nextInt(6) == 0 ? LexiconMatcher.ALLOW : CATEGORIES[random.nextInt(3)];
                StringBuilder term = new StringBuilder(latinWord(random, "abcd", 4));
                for (int w = random.nextInt(3); w > 0; w--) {
                    term.append(random.nextBoolean() ? " " : "-").append(latinWord(random, "abcd", 4));
                }
                terms.computeIfAbsent(category, k -> new ArrayList<>()).add(term.toString());
            }
            List<String> all = terms.values().stream().flatMap(List::stream).toList();
            String[] separators = {" ", " ", ". ", "-", "", "\u200B", "中", "9", "  , "};
            StringBuilder text = new StringBuilder();
            for (int p = 1 + random.nextInt(12); p > 0; p--) {
                text.append(random.nextInt(3) == 0 ? disguise(random, all.get(random.nextInt(all.size())))
                        : latinWord(random, "abcde", 8));
                text.append(separators[random.nextInt(separators.length)]);
            }
            int maxGap = random.nextInt(4);
            List<Hit> expected = NaiveMatcher.find(terms, maxGap, text.toString());
            withMatches += expected.isEmpty() ? 0 : 1;
            assertThat(MatcherProbe.find(build(terms, maxGap), text.toString()))
                    .as("iteration %d, terms %s, maxGap %d, text '%s'", iteration, terms, maxGap, text)
                    .isEqualTo(expected);
        }
        assertThat(withMatches).as("the generator must exercise matches").isGreaterThan(1000);
    }

    private static String latinWord(Random random, String letters, int maxLength) {
        StringBuilder word = new StringBuilder();
        for (int k = 1 + random.nextInt(maxLength); k > 0; k--) {
            word.append(letters.charAt(random.nextInt(letters.length())));
        }
        return word.toString();
    }

    @Test
    void policyAgreesWithReferenceMatchesPiiAndAllowSuppression() {
        Random random = new Random(42L);
        for (int iteration = 0; iteration < 2000; iteration++) {
            Map<String, List<String>> terms = randomLexicon(random);
            ContentPolicy policy = randomPolicy(random, terms);
            String text = randomText(random, terms, 1 + random.nextInt(30));

            List<Hit> raw = new ArrayList<>(NaiveMatcher.find(terms, policy.lexicon().maxGap(), text));
            if (policy.piiDetection()) {
                PiiScanner pii = new PiiScanner((category, start, end) -> raw.add(new Hit(category, start, end)));
                pii.feed(text);
                pii.finish();
            }
            List<Hit> allows = raw.stream().filter(h -> h.category().equals(LexiconMatcher.ALLOW)).toList();
            List<ContentMatch> expected = raw.stream()
                    .filter(h -> !h.category().equals(LexiconMatcher.ALLOW))
                    .filter(h -> allows.stream().noneMatch(a -> a.start() < h.end() && h.start() < a.end()))
                    .map(h -> new ContentMatch(h.category(), h.start(), h.end(), policy.actionFor(h.category())))
                    .sorted(ContentMatch.ORDER).distinct().toList();
            assertThat(policy.scan(text).matches())
                    .as("iteration %d, terms %s, text '%s'", iteration, terms, text)
                    .isEqualTo(expected);
        }
    }

    @Test
    void streamingReleasesExactlyTheOneShotMaskedTextWhateverTheSplit() {
        Random random = new Random(7L);
        int blocked = 0;
        int masked = 0;
        for (int iteration = 0; iteration < 3000; iteration++) {
            Map<String, List<String>> terms = randomLexicon(random);
            ContentPolicy policy = randomPolicy(random, terms);
            String text = randomText(random, terms, 1 + random.nextInt(40));
            Verdict oneShot = policy.scan(text);
            String context = "iteration " + iteration + ", terms " + terms + ", text '" + text + "'";

            StreamScanner scanner = policy.newStreamScanner();
            StringBuilder released = new StringBuilder();
            boolean charByChar = random.nextInt(4) == 0;
            for (int i = 0; i < text.length(); ) {
                int j = charByChar ? i + 1 : Math.min(text.length(), i + 1 + random.nextInt(6));
                released.append(scanner.accept(text.substring(i, j)));
                assertThat(scanner.heldBack()).as(context).isLessThanOrEqualTo(policy.holdBackLimit());
                assertThat(oneShot.maskedText()).as(context).startsWith(released);
                i = j;
            }
            released.append(scanner.finish());
            blocked += oneShot.blocked() ? 1 : 0;
            masked += oneShot.outcome() == Outcome.MASK ? 1 : 0;

            assertThat(scanner.isBlocked()).as(context).isEqualTo(oneShot.blocked());
            if (oneShot.blocked()) {
                int firstBlock = oneShot.firstBlock().orElseThrow().start();
                assertThat(released.length()).as(context).isLessThanOrEqualTo(firstBlock);
                assertThat(oneShot.maskedText()).as(context).startsWith(released);
                assertThat(scanner.blockingMatch()).as(context).isPresent();
                assertThat(oneShot.matches()).as(context).containsAll(scanner.matches());
            } else {
                assertThat(released).as(context).hasToString(oneShot.maskedText());
                assertThat(scanner.matches()).as(context).isEqualTo(oneShot.matches());
                assertThat(scanner.outcome()).as(context).isEqualTo(oneShot.outcome());
            }
            for (ContentMatch m : oneShot.matches()) {
                if (m.hidesText()) {
                    for (int p = m.start(); p < Math.min(m.end(), released.length()); p++) {
                        assertThat(released.charAt(p)).as(context).isEqualTo('*');
                    }
                }
            }
        }
        assertThat(blocked).as("blocked streams").isGreaterThan(500);
        assertThat(masked).as("masked streams").isGreaterThan(300);
    }

    @Test
    void holdBackStaysSmallOnOrdinaryText() {
        ContentPolicy policy = ContentPolicy.builder()
                .lexicon(build(randomLexicon(new Random(3L)), 3)).build();
        StreamScanner scanner = policy.newStreamScanner();
        String text = "今天我们来讨论一下天气，the weather is nice today. ".repeat(50);
        int maxHeld = 0;
        for (int i = 0; i < text.length(); i += 3) {
            scanner.accept(text.substring(i, Math.min(text.length(), i + 3)));
            maxHeld = Math.max(maxHeld, scanner.heldBack());
        }
        assertThat(maxHeld).isLessThanOrEqualTo(12);
    }

    private static Map<String, List<String>> randomLexicon(Random random) {
        Map<String, List<String>> terms = new LinkedHashMap<>();
        int count = 1 + random.nextInt(6);
        for (int t = 0; t < count; t++) {
            String category = random.nextInt(5) == 0 ? LexiconMatcher.ALLOW : CATEGORIES[random.nextInt(3)];
            StringBuilder term = new StringBuilder();
            int len = 1 + random.nextInt(4);
            boolean latin = random.nextBoolean();
            for (int k = 0; k < len; k++) {
                term.append(latin ? TERM_CHARS.charAt(random.nextInt(4)) : TERM_CHARS.charAt(4 + random.nextInt(7)));
            }
            terms.computeIfAbsent(category, k -> new ArrayList<>()).add(term.toString());
        }
        return terms;
    }

    private static LexiconMatcher build(Map<String, List<String>> terms, int maxGap) {
        LexiconMatcher.Builder builder = LexiconMatcher.builder().maxGap(maxGap);
        terms.forEach(builder::addAll);
        return builder.build();
    }

    private static ContentPolicy randomPolicy(Random random, Map<String, List<String>> terms) {
        ContentPolicy.Builder builder = ContentPolicy.builder().lexicon(build(terms, random.nextInt(4)))
                .piiDetection(random.nextInt(4) != 0)
                .defaultAction(Action.values()[random.nextInt(3)]);
        for (String category : terms.keySet()) {
            if (!category.equals(LexiconMatcher.ALLOW) && random.nextBoolean()) {
                builder.action(category, Action.values()[random.nextInt(3)]);
            }
        }
        return builder.build();
    }

    /** Fillers, PII, and lexicon terms disguised by case, width, homoglyphs, gaps and invisibles. */
    private static String randomText(Random random, Map<String, List<String>> terms, int pieces) {
        List<String> all = terms.values().stream().flatMap(List::stream).toList();
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < pieces; p++) {
            int kind = random.nextInt(10);
            if (kind < 4) {
                text.append(disguise(random, all.get(random.nextInt(all.size()))));
            } else if (kind < 5) {
                text.append(PII[random.nextInt(PII.length)]);
            } else if (kind < 7) {
                text.append(TERM_CHARS.charAt(random.nextInt(TERM_CHARS.length())));
            } else if (kind < 8) {
                text.append(GAPS[random.nextInt(GAPS.length)]);
            } else if (kind < 9) {
                text.append(INVISIBLES[random.nextInt(INVISIBLES.length)]);
            } else {
                text.append(FILLERS[random.nextInt(FILLERS.length)]);
            }
        }
        return text.toString();
    }

    private static String disguise(Random random, String term) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < term.length(); k++) {
            char c = term.charAt(k);
            switch (random.nextInt(8)) {
                case 0 -> out.append(Character.toUpperCase(c));
                case 1 -> out.append(c >= '!' && c <= '~' ? (char) (c - '!' + '！') : c);   // full width
                case 2 -> out.append(c == 'a' ? "а" : c == 's' ? "ѕ" : c == 'x' ? "х" : c == '发' ? "發" : String.valueOf(c));
                case 3 -> out.append(c >= 'a' && c <= 'z' ? new String(Character.toChars(0x1D41A + c - 'a')) : String.valueOf(c));
                default -> out.append(c);
            }
            if (k + 1 < term.length()) {
                int extras = random.nextInt(3) == 0 ? random.nextInt(6) : 0;
                for (int e = 0; e < extras; e++) {
                    out.append(random.nextBoolean() ? GAPS[random.nextInt(GAPS.length)]
                            : INVISIBLES[random.nextInt(INVISIBLES.length)]);
                }
            }
        }
        return out.toString();
    }
}
