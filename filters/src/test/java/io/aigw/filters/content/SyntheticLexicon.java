package io.aigw.filters.content;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Seeded generator of a large test lexicon and of mixed Chinese/English text, for tests and the JMH
 * benchmark (shared through the filters test-jar). Nothing is committed: the same seed gives the same data.
 *
 * <p>Terms: 60% Chinese, 2 to 6 characters drawn from about 2,600 common simplified characters (the
 * simplified side of {@code t2s.txt}); 40% Latin, one to three pronounceable words of 3 to 8 letters
 * (consonant-vowel syllables), 4 to 24 letters in all. Spread over five categories {@code A1..A5};
 * about 1% go to {@code allow}. Text: sentences of the same characters and words, 70% Chinese,
 * with a lexicon term injected every {@code termEvery} sentences (the Chinese share can be set, for
 * single-script benchmarks).
 */
public final class SyntheticLexicon {

    private static final String CONSONANTS = "bcdfghjklmnprstvwz";
    private static final String VOWELS = "aeiou";
    private static final String[] CATEGORIES = {"A1", "A2", "A3", "A4", "A5"};

    private final Map<String, List<String>> termsByCategory;
    private final List<String> allTerms;
    private final char[] hanPool;

    private SyntheticLexicon(Map<String, List<String>> termsByCategory, char[] hanPool) {
        this.termsByCategory = termsByCategory;
        this.allTerms = termsByCategory.values().stream().flatMap(List::stream).toList();
        this.hanPool = hanPool;
    }

    /** Generates {@code count} distinct terms from {@code seed}. */
    public static SyntheticLexicon generate(long seed, int count) {
        char[] han = commonHan();
        Random random = new Random(seed);
        Set<String> seen = new LinkedHashSet<>();
        Map<String, List<String>> byCategory = new LinkedHashMap<>();
        while (seen.size() < count) {
            String term = random.nextInt(10) < 6 ? hanTerm(random, han, 2 + random.nextInt(5)) : latinTerm(random);
            if (seen.add(term)) {
                String category = random.nextInt(100) == 0 ? LexiconMatcher.ALLOW
                        : CATEGORIES[random.nextInt(CATEGORIES.length)];
                byCategory.computeIfAbsent(category, k -> new ArrayList<>()).add(term);
            }
        }
        return new SyntheticLexicon(byCategory, han);
    }

    /** Category (or {@code allow}) to its terms. */
    public Map<String, List<String>> termsByCategory() {
        return termsByCategory;
    }

    /** Every term, allow terms included. */
    public List<String> allTerms() {
        return allTerms;
    }

    /** Compiles the lexicon with the given gap and the default evasions. */
    public LexiconMatcher matcher(int maxGap) {
        return matcher(maxGap, Evasions.DEFAULTS);
    }

    /** Compiles the lexicon with the given gap and evasions. */
    public LexiconMatcher matcher(int maxGap, Evasions evasions) {
        LexiconMatcher.Builder builder = LexiconMatcher.builder().maxGap(maxGap).evasions(evasions);
        termsByCategory.forEach(builder::addAll);
        return builder.build();
    }

    /** Writes one {@code <category>.txt} per category into {@code dir}, as {@link LexiconLoader} reads them. */
    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, List<String>> e : termsByCategory.entrySet()) {
                Files.write(dir.resolve(e.getKey() + ".txt"), e.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Mixed Chinese/English text of at least {@code utf8Bytes} UTF-8 bytes, one lexicon term (not allow)
     * injected every {@code termEvery} sentences (0: none).
     */
    public String text(long seed, int utf8Bytes, int termEvery) {
        return text(seed, utf8Bytes, termEvery, 7);
    }

    /**
     * As {@link #text(long, int, int)}, with {@code chineseTenths} tenths of the sentences Chinese (0: all
     * English, 10: all Chinese) instead of 7.
     */
    public String text(long seed, int utf8Bytes, int termEvery, int chineseTenths) {
        if (chineseTenths < 0 || chineseTenths > 10) {
            throw new IllegalArgumentException("chineseTenths must be within 0..10: " + chineseTenths);
        }
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(utf8Bytes / 2);
        int bytes = 0;
        int sentence = 0;
        while (bytes < utf8Bytes) {
            String s;
            if (random.nextInt(10) < chineseTenths) {
                StringBuilder zh = new StringBuilder();
                int clauses = 1 + random.nextInt(3);
                for (int c = 0; c < clauses; c++) {
                    zh.append(hanTerm(random, hanPool, 4 + random.nextInt(10))).append(c + 1 < clauses ? "，" : "。");
                }
                s = zh.toString();
            } else {
                StringBuilder en = new StringBuilder();
                int words = 4 + random.nextInt(10);
                for (int w = 0; w < words; w++) {
                    en.append(w == 0 ? "" : " ").append(word(random, 1 + random.nextInt(3)));
                }
                s = en.append(". ").toString();
            }
            if (termEvery > 0 && ++sentence % termEvery == 0) {
                String term = allTerms.get(random.nextInt(allTerms.size()));
                s = " " + term + " " + s;
            }
            sb.append(s);
            bytes += s.getBytes(StandardCharsets.UTF_8).length;
        }
        return sb.toString();
    }

    private static String hanTerm(Random random, char[] pool, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = pool[random.nextInt(pool.length)];
        }
        return new String(c);
    }

    private static String latinTerm(Random random) {
        int words = 1 + random.nextInt(3);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 4) {
            for (int w = 0; w < words; w++) {
                sb.append(w == 0 ? "" : " ").append(word(random, 1 + random.nextInt(3)));
            }
        }
        return sb.length() > 24 ? sb.substring(0, 24).strip() : sb.toString();
    }

    private static String word(Random random, int syllables) {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < syllables; s++) {
            sb.append(CONSONANTS.charAt(random.nextInt(CONSONANTS.length())))
                    .append(VOWELS.charAt(random.nextInt(VOWELS.length())));
            if (random.nextInt(3) == 0) {
                sb.append(CONSONANTS.charAt(random.nextInt(CONSONANTS.length())));
            }
        }
        return sb.toString();
    }

    /** The simplified characters of t2s.txt: the common characters that have a traditional form. */
    private static char[] commonHan() {
        StringBuilder sb = new StringBuilder();
        try (InputStream in = TextNormalizer.class.getResourceAsStream("t2s.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Set<Character> seen = new LinkedHashSet<>();
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.length() == 2 && !line.startsWith("#") && Character.isIdeographic(line.charAt(1))
                        && line.charAt(1) >= '\u4E00' && line.charAt(1) <= '\u9FA5' && seen.add(line.charAt(1))) {
                    sb.append(line.charAt(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString().toCharArray();
    }
}
