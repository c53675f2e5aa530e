package io.aigw.filters.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelGlobTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            "gpt-4o*, gpt-4o, true",
            "gpt-4o*, gpt-4o-mini, true",
            "gpt-4o*, gpt-4, false",
            "gpt-4o*, xgpt-4o, false",
            "qwen-*, qwen-max, true",
            "qwen-*, qwen, false",
            "*, anything, true",
            "gpt-?, gpt-4, true",
            "gpt-?, gpt-4o, false",
            "*-mini, gpt-4o-mini, true",
            "*-mini, gpt-4o-mini-2024, false",
            "a*b*c, aXXbYYc, true",
            "a*b*c, aXXbYY, false",
            "gpt-4o, GPT-4O, false",
            "gpt.4, gpt-4, false",
            "(a+)+$, aaaa, false",
            "(a+)+$, (a+)+$, true",
            "[ab], a, false",
            "[ab], [ab], true",
            "\\d*, 123, false",
    })
    void matchesWholeNamesWithStarAndQuestionMarkOnly(String glob, String name, boolean expected) {
        assertThat(ModelGlob.matches(glob, name)).isEqualTo(expected);
    }

    @Test
    void emptyNameMatchesOnlyStars() {
        assertThat(ModelGlob.matches("", "")).isTrue();
        assertThat(ModelGlob.matches("**", "")).isTrue();
        assertThat(ModelGlob.matches("?", "")).isFalse();
    }

    @Test
    void agreesWithANaiveRecursiveMatcher() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            String glob = randomString(random, "ab*?", 6);
            String name = randomString(random, "abc", 8);
            assertThat(ModelGlob.matches(glob, name)).as("%s vs %s", glob, name)
                    .isEqualTo(naive(glob, 0, name, 0));
        }
    }

    @Test
    void manyStarsStayFast() {
        // A back-tracking regex would explode here; the two-pointer walk is quadratic at worst.
        String glob = "*a".repeat(50) + "b";
        String name = "a".repeat(5_000);
        assertThat(ModelGlob.matches(glob, name)).isFalse();
    }

    private static boolean naive(String glob, int g, String name, int n) {
        if (g == glob.length()) {
            return n == name.length();
        }
        char c = glob.charAt(g);
        if (c == '*') {
            return naive(glob, g + 1, name, n) || (n < name.length() && naive(glob, g, name, n + 1));
        }
        return n < name.length() && (c == '?' || c == name.charAt(n)) && naive(glob, g + 1, name, n + 1);
    }

    private static String randomString(Random random, String alphabet, int maxLength) {
        var sb = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
