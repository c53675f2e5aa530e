package io.aigw.filters.content;

import java.util.Arrays;
import java.util.Map;

/**
 * The compiled Aho–Corasick automaton of a {@link LexiconMatcher}, laid out so that a visited state costs
 * one cache line: the tables its cursor reads per character, and the transition function. Built by
 * {@link AutomatonBuilder}; immutable and thread-safe once built.
 *
 * <p><b>Characters.</b> {@link #charClass} classifies every original BMP char in one load of a
 * {@code char}: below {@link #TERM_LIMIT} a term character, whose low {@value #SYMBOL_BITS_COUNT} bits
 * are its symbol (dense numbering 1..n of the normalized code points used by terms, 0 for a term
 * character no term uses) and {@link #WORD_FLAG} marks a letter or digit of a spaced script (Latin word
 * boundaries); otherwise {@link #CLASS_GAP}, {@link #CLASS_INVISIBLE} or {@link #CLASS_SLOW} (surrogates,
 * chars that fold to several term characters, and term characters whose symbol does not fit the bits).
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
 *       (failure links folded in); {@link #INDEXED}: no two child symbols share their low 5 bits, and the
 *       edges are ordered by those bits, so the only candidate edge for a symbol is found by counting the
 *       signature bits below it (no search loop, no unpredictable branch); else {@code ~edgeCount}, the
 *       edges in symbol order, searched.</li>
 * </ol>
 * Keeping header and edges together means a sparse state costs one cache line where separate node and
 * edge arrays cost two. The root and its children come first (nearly every char of Chinese text visits
 * them); below them each subtree is laid out depth-first, so following a term reads forward in memory.
 * What is needed only when reporting ({@link #outputsOf}) or between feeds ({@link #openDepthOf}) is
 * kept out of the records, indexed by the state's rank in {@link #stateOffsets}.
 */
final class Automaton {

    static final int TERM_LIMIT = 0x8000;
    static final int WORD_FLAG = 0x4000;
    static final int SYMBOL_BITS = 0x3FFF;
    static final int SYMBOL_BITS_COUNT = 14;
    static final char CLASS_GAP = 0x8000;
    static final char CLASS_INVISIBLE = 0x8001;
    static final char CLASS_SLOW = 0x8002;

    static final int ROOT = 0;
    static final int FAIL = 0;
    static final int SIGNATURE = 1;
    static final int KIDS = 2;
    static final int HEADER = 3;
    /** {@link #KIDS} of a sparse state whose edges are found through the signature. */
    static final int INDEXED = -1;
    static final int OUTPUT_BIT = 1 << 31;

    /** Per original BMP char: see the class comment. */
    final char[] charClass;
    /** State records: see the class comment. */
    final int[] table;
    /** Complete transition rows, the root's first, indexed by symbol. */
    final int[] dense;
    /** Offset of every state, ascending. */
    private final int[] stateOffsets;
    /** By rank: the terms a state ends (its own first, then its failure chain's), or null. */
    private final int[][] outputs;
    /** By rank: depth of the deepest state on the failure chain (self included) that has a child. */
    private final int[] openDepth;

    private final int[] bmpSymbol;
    private final Map<Integer, Integer> supplementarySymbol;

    Automaton(char[] charClass, int[] bmpSymbol, Map<Integer, Integer> supplementarySymbol, int[] table,
            int[] dense, int[] stateOffsets, int[][] outputs, int[] openDepth) {
        this.charClass = charClass;
        this.bmpSymbol = bmpSymbol;
        this.supplementarySymbol = Map.copyOf(supplementarySymbol);
        this.table = table;
        this.dense = dense;
        this.stateOffsets = stateOffsets;
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
            int signature = t[s + SIGNATURE];
            int bit = 1 << sym;   // the shift uses sym & 31
            if ((signature & bit) != 0) {
                if (kids == INDEXED) {
                    int k = s + HEADER + 2 * Integer.bitCount(signature & (bit - 1));
                    if (t[k] == sym) {
                        return t[k + 1];
                    }
                } else {
                    for (int k = s + HEADER, end = k + 2 * ~kids; k < end; k += 2) {
                        if (t[k] == sym) {
                            return t[k + 1];
                        }
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
        return outputs[Arrays.binarySearch(stateOffsets, s)];
    }

    /** Normalized characters of the current partial match that may still grow into a match from state {@code s}. */
    int openDepthOf(int s) {
        return openDepth[Arrays.binarySearch(stateOffsets, s)];
    }
}
