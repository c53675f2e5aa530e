package io.aigw.filters.content;

import java.util.Map;

/**
 * The compiled Aho–Corasick automaton of a {@link LexiconMatcher}, laid out for one cache line per visited
 * state: the tables its cursor reads per character, and the transition function. Built by
 * {@link AutomatonBuilder}; immutable and thread-safe once built.
 *
 * <p><b>Characters.</b> {@link #charInfo} classifies every original BMP char in one load: a term
 * character gives its symbol (dense numbering 1..n of the normalized code points used by terms, 0 for a
 * term character no term uses), with {@link #WORD_BIT} set when it takes part in Latin-style word
 * boundaries; otherwise one of {@link #INFO_INVISIBLE}, {@link #INFO_GAP}, {@link #INFO_SLOW}.
 *
 * <p><b>States.</b> A state is an offset into {@link #table}; the root is 0. Each state's record is a
 * header of {@value #HEADER} ints followed, for a sparse state, by its (symbol, target) edges sorted by
 * symbol:
 * <ol start="0">
 *   <li>{@link #FAIL}: the failure state, with {@link #OUTPUT_BIT} set when the state or its failure chain
 *       ends a term (so a negative header word means "report matches here");</li>
 *   <li>{@link #SIGNATURE}: bit {@code sym & 31} set for each child symbol, which rules out most missing
 *       children without reading the edges;</li>
 *   <li>{@link #KIDS}: {@code >= 0}: offset of the state's complete transition row in {@link #dense}
 *       (failure links folded in); {@code < 0}: {@code ~edgeCount};</li>
 *   <li>{@link #ORDINAL}: the state's breadth-first number, index of {@link #outputs} and
 *       {@link #openDepth}.</li>
 * </ol>
 * Keeping header and edges together means a sparse state costs one cache line, where separate node and
 * edge arrays cost two.
 */
final class Automaton {

    static final int WORD_BIT = 1 << 24;
    static final int SYMBOL_MASK = WORD_BIT - 1;
    static final int INFO_INVISIBLE = -1;
    static final int INFO_GAP = -2;
    /** Surrogates and chars that fold to several term characters: the cursor's general path. */
    static final int INFO_SLOW = -3;

    static final int ROOT = 0;
    static final int FAIL = 0;
    static final int SIGNATURE = 1;
    static final int KIDS = 2;
    static final int ORDINAL = 3;
    static final int HEADER = 4;
    static final int OUTPUT_BIT = 1 << 31;

    /** Per original BMP char: see the class comment. */
    final int[] charInfo;
    /** State records: see the class comment. */
    final int[] table;
    /** Complete transition rows, the root's first, indexed by symbol. */
    final int[] dense;
    /** By ordinal: the terms a state ends (its own first, then its failure chain's), or null. */
    final int[][] outputs;
    /** By ordinal: depth of the deepest state on the failure chain (self included) that has a child. */
    final int[] openDepth;

    private final int[] bmpSymbol;
    private final Map<Integer, Integer> supplementarySymbol;

    Automaton(int[] charInfo, int[] bmpSymbol, Map<Integer, Integer> supplementarySymbol, int[] table,
            int[] dense, int[][] outputs, int[] openDepth) {
        this.charInfo = charInfo;
        this.bmpSymbol = bmpSymbol;
        this.supplementarySymbol = Map.copyOf(supplementarySymbol);
        this.table = table;
        this.dense = dense;
        this.outputs = outputs;
        this.openDepth = openDepth;
    }

    /** The symbol of a normalized code point, 0 when no term uses it. */
    int symbolOf(int normalizedCp) {
        if (normalizedCp < 65536) {
            return bmpSymbol[normalizedCp];
        }
        return supplementarySymbol.getOrDefault(normalizedCp, 0);
    }

    /**
     * The transition from state {@code s} on symbol {@code sym} (not 0): a dense row where the state has
     * one, else a matching edge, else the same from the failure state.
     *
     * <p>{@code midWord}: the char is a word char right after another word char. A match starting at it
     * would need a left word boundary (its first char is a word char), so it cannot start here: falling
     * back to the root yields the root, not the root's child. This prunes the useless states that begin
     * inside Latin words without changing any match.
     */
    int step(int s, int sym, boolean midWord) {
        final int[] t = table;
        while (s != ROOT) {
            int kids = t[s + KIDS];
            if (kids >= 0) {
                return dense[kids + sym];
            }
            if ((t[s + SIGNATURE] & (1 << sym)) != 0) {   // the shift uses sym & 31
                for (int k = s + HEADER, end = k + 2 * ~kids; k < end; k += 2) {
                    if (t[k] == sym) {
                        return t[k + 1];
                    }
                }
            }
            s = t[s + FAIL] & ~OUTPUT_BIT;
        }
        return midWord ? ROOT : dense[sym];   // the root's row is the first
    }

    /** Whether reaching state {@code s} reports matches. */
    boolean hasOutput(int s) {
        return table[s + FAIL] < 0;
    }

    /** The terms state {@code s} ends; only for a state with {@link #hasOutput(int)}. */
    int[] outputsOf(int s) {
        return outputs[table[s + ORDINAL]];
    }

    /** Normalized characters of the current partial match that may still grow into a match from state {@code s}. */
    int openDepthOf(int s) {
        return openDepth[table[s + ORDINAL]];
    }
}
