package io.aigw.filters.model;

/**
 * Matches a model name against a glob where {@code *} stands for any run of characters (possibly
 * empty) and {@code ?} for exactly one character; every other character matches itself, case
 * sensitively. There is no escape character and no regular expression behind it, so a glob from a
 * registry cannot inject pattern syntax, and there is nothing to compile: the match is the classic
 * two-pointer wildcard walk with back-tracking to the last {@code *}, O(glob x name) at worst and
 * linear for the usual one-star globs. Characters are UTF-16 code units; model names are ASCII in
 * practice.
 */
public final class ModelGlob {

    private ModelGlob() {
    }

    /**
     * Whether {@code name} matches {@code glob} as a whole.
     *
     * @throws NullPointerException if either argument is null
     */
    public static boolean matches(String glob, String name) {
        int g = 0;
        int n = 0;
        int starGlob = -1;
        int starName = 0;
        while (n < name.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == name.charAt(n))) {
                g++;
                n++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                starGlob = g++;
                starName = n;
            } else if (starGlob >= 0) {
                g = starGlob + 1;
                n = ++starName;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
