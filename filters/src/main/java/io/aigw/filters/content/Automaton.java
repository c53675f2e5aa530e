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
 * <p><b>References.</b> A state is an offset into {@link #table}; the root is 0. A <em>reference</em> to a
 * state is its offset (low {@value #DEPTH_SHIFT} bits), its depth (number of term characters, from bit
 * {@link #DEPTH_SHIFT}) and {@link #OUTPUT_BIT} set when reaching it reports matches (so a negative
 * reference means "report matches here"). Carrying the depth and the flag in the reference lets the
 * cursor decide without reading the state it points to.
 *
 * <p><b>States.</b> A record starts with two ints: {@link #FAIL}, the failure state's reference but with
 * {@link #OUTPUT_BIT} telling whether <em>this</em> state reports matches, and {@link #KIND}:
 * <ul>
 *   <li>{@link #NARROW}: the record goes on with the state's transitions (references, failure links
 *       folded in) on symbols 1..{@link #narrowLimit}, those of the ASCII letters and digits, at
 *       {@code s + KIND + sym}. A state gets this row when several of its children are on such symbols
 *       and either all are or an ASCII symbol reaches it, and it is at most
 *       {@link AutomatonBuilder#NARROW_MAX_DEPTH} deep: the shallow branching states of Latin terms. Its
 *       children on larger symbols (a Latin prefix that mixed pinyin
 *       spellings continue with characters: {@code long门马}) are side children (below). Reading the row
 *       costs no cache line beyond the state's own.</li>
 *   <li>{@code >= 0}: offset of the state's complete transition row (references, failure links folded
 *       in) in {@link #dense}; the record ends there. Only for states that are not reached by an ASCII
 *       letter or digit and have many other children: a row is a cache miss of its own.</li>
 *   <li>{@code ~sym} (from -2 down; -1 for a leaf): the state's only child, on {@code sym}, is the next
 *       record, at {@code s + 2}. Most states of long terms are like this, so following a term reads
 *       8 bytes per character forward in memory.</li>
 *   <li>{@link #INDEXED}: a {@link #SIGNATURE} word follows (bit {@code sym & 31} set for each child
 *       symbol, no two sharing a bit), then the (symbol, target offset) edges ordered by that bit, so the
 *       only candidate edge is found by counting the signature bits below it: no search loop.</li>
 *   <li>{@code SEARCHED + edgeCount}: a signature word (which rules out most missing children), then the
 *       edges in symbol order, searched.</li>
 * </ul>
 * <p><b>Side children.</b> A state's children on symbols of the other script than the symbol that reaches
 * it (an ASCII letter or digit after a character, or a character after one: the mixed pinyin spellings,
 * {@code 龙men马}, {@code long门马}) are, unless a row holds them, not in its record but in a separate hash table ({@link #sideChild}),
 * which a step consults only when the symbol's script differs from the previous symbol's. Chinese text
 * then walks Han states whose records look as if there were no mixed spellings, and Latin text Latin
 * ones; the mixed spellings' subtrees are laid out after everything else. The root has none (its row is
 * complete), and neither have states with a dense row.
 *
 * <p>The root and its children come first (nearly every char of Chinese text visits them), then, breadth-first,
 * the shallow states of Latin prefixes (Latin text visits them at nearly every word; together they stay in
 * the cache); below them each subtree is laid out depth-first, so a state's first child follows it. Narrow
 * rows are kept to shallow states for the same reason. What is needed only when
 * reporting ({@link #outputsOf}) or between feeds ({@link #openDepthOf}) is kept out of the records.
 *
 * <p><b>Shortcut.</b> {@link #bigrams} tells when the state after a symbol cannot be deeper than the
 * root's child on it; the cursor then takes the root's row (the first of {@link #dense}) without reading
 * the current state at all, which is what most characters of Chinese text need. It leaves out the pairs
 * after an ASCII letter or digit (the cursor always steps there), which keeps it small.
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
    static final int KIND = 1;
    static final int SIGNATURE = 2;
    static final int EDGES = 3;
    /** Size of a dense, single-child or leaf record. */
    static final int SHORT_RECORD = 2;
    /** {@link #KIND} of a state whose edges are found through the signature. */
    static final int INDEXED = Integer.MIN_VALUE;
    /** {@link #KIND} of a state whose edges are searched, plus the edge count. */
    static final int SEARCHED = Integer.MIN_VALUE + 1;
    /** {@link #KIND} of a state whose record holds its narrow row. */
    static final int NARROW = Integer.MAX_VALUE;
    /** Searched edges beyond this many are binary-searched. */
    static final int LINEAR_SEARCH_MAX = 8;
    /** Largest symbol a single-child record can hold. */
    static final int MAX_SINGLE_SYMBOL = (1 << 30) - 1;
    static final int OUTPUT_BIT = 1 << 31;
    /** Bits of a reference holding the state's offset: offsets stay below 2^25. */
    static final int OFFSET_MASK = (1 << 25) - 1;
    /** Position of the depth in a reference; depths are at most {@link LexiconMatcher#MAX_TERM_LENGTH}. */
    static final int DEPTH_SHIFT = 25;
    static final int DEPTH_MASK = 0x3F;

    /** Per original BMP char: see the class comment. */
    final char[] charClass;
    /** State records: see the class comment. */
    final int[] table;
    /** Complete transition rows (references), the root's first, indexed by symbol. */
    final int[] dense;
    /** Largest symbol of a narrow row: the symbols 1..narrowLimit are the ASCII code points terms use. */
    final int narrowLimit;
    /** Pairs of consecutive symbols inside terms: where a match may go deeper than one character. */
    final BigramFilter bigrams;
    /** Offset of every state, ascending. */
    private final int[] stateOffsets;
    /** By rank in {@link #stateOffsets}: depth of the deepest state on the failure chain (self included) that has a child. */
    private final int[] openDepth;
    /** Offset of every state that reports matches, ascending. */
    private final int[] outputOffsets;
    /** By rank in {@link #outputOffsets}: the terms the state ends, its own first, then its failure chain's. */
    private final int[][] outputs;
    /**
     * Open-addressing index from an output state's offset to its rank: {@code outputSlots[i]} is
     * {@code rank + 1} (0 = empty), probed linearly from the offset's hash. Half full at most.
     */
    private final int[] outputSlots;
    private final int outputSlotShift;

    /** Side children: keys {@code offset << 32 | sym} (0 = empty), probed linearly from the key's hash. */
    private final long[] sideKeys;
    /** Side children: the target offset of {@link #sideKeys}' key at the same index. */
    private final int[] sideTargets;
    private final int sideShift;

    private final int[] bmpSymbol;
    private final Map<Integer, Integer> supplementarySymbol;

    Automaton(char[] charClass, int[] bmpSymbol, Map<Integer, Integer> supplementarySymbol, int[] table,
            int[] dense, int narrowLimit, BigramFilter bigrams, int[] stateOffsets, int[] openDepth,
            int[] outputOffsets, int[][] outputs, long[] sideKeys, int[] sideTargets) {
        this.charClass = charClass;
        this.bmpSymbol = bmpSymbol;
        this.supplementarySymbol = Map.copyOf(supplementarySymbol);
        this.table = table;
        this.dense = dense;
        this.narrowLimit = narrowLimit;
        this.bigrams = bigrams;
        this.stateOffsets = stateOffsets;
        this.openDepth = openDepth;
        this.outputOffsets = outputOffsets;
        this.outputs = outputs;
        int sideLog = 1;
        while ((1 << sideLog) < 2 * sideKeys.length) {
            sideLog++;
        }
        this.sideKeys = new long[1 << sideLog];
        this.sideTargets = new int[1 << sideLog];
        this.sideShift = 64 - sideLog;
        for (int k = 0; k < sideKeys.length; k++) {
            int i = sideSlot(sideKeys[k]);
            while (this.sideKeys[i] != 0) {
                i = (i + 1) & (this.sideKeys.length - 1);
            }
            this.sideKeys[i] = sideKeys[k];
            this.sideTargets[i] = sideTargets[k];
        }
        int log = 1;
        while ((1 << log) < 2 * outputOffsets.length) {
            log++;
        }
        this.outputSlots = new int[1 << log];
        this.outputSlotShift = 32 - log;
        for (int rank = 0; rank < outputOffsets.length; rank++) {
            int i = slot(outputOffsets[rank]);
            while (outputSlots[i] != 0) {
                i = (i + 1) & (outputSlots.length - 1);
            }
            outputSlots[i] = rank + 1;
        }
    }

    /** The symbol of a normalized code point, 0 when no term uses it. */
    int symbolOf(int normalizedCp) {
        if (normalizedCp < 65536) {
            return bmpSymbol[normalizedCp];
        }
        return supplementarySymbol.getOrDefault(normalizedCp, 0);
    }

    /**
     * {@link #step(int, int, int, boolean)} for a symbol that may cross scripts: correct whatever the
     * previous symbol was.
     */
    int step(int s, int sym, int minDepth) {
        return step(s, sym, minDepth, true);
    }

    /**
     * The transition from state {@code s} on symbol {@code sym} (not 0): a dense row where the state has
     * one, else a matching edge (or side child, when {@code crossing}), else the same from the failure
     * state; the root when that state is shallower than {@code minDepth + 1}.
     *
     * <p>{@code minDepth}: 0, or, for a word char right after {@code minDepth} word chars (a char inside
     * a Latin word), that count. A state whose match would begin inside the word after its first char
     * is useless: its terms begin with a word char preceded by a word char, so a left word boundary
     * rules them all out, and so do those of its failure chain, which begin even later. Such a state is
     * replaced by the root (which then stays put until the word ends): this prunes the failure walks
     * inside Latin words without changing any match. {@code s} itself must not be such a state
     * (its depth is at least {@code minDepth}).
     *
     * <p>{@code crossing}: whether {@code sym} and the symbol that reached {@code s} (the last symbol of
     * every state on its failure chain) are of different scripts, one {@code <= narrowLimit} and the other
     * not. Only then can a state of the chain have a side child on {@code sym}; false skips the side table.
     */
    int step(int s, int sym, int minDepth, boolean crossing) {
        final int[] t = table;
        while (s != ROOT) {
            int kind = t[s + KIND];
            if (kind == NARROW) {
                if (sym <= narrowLimit) {
                    return deepEnough(t[s + KIND + sym], minDepth);
                }
            } else if (kind >= 0) {
                return deepEnough(dense[kind + sym], minDepth);
            } else if (kind == ~sym) {
                return s + SHORT_RECORD;
            } else if (kind < -MAX_SINGLE_SYMBOL - 1) {   // INDEXED or SEARCHED
                int target = edge(t, s + KIND, sym);
                if (target >= 0) {
                    return target;
                }
            }
            if (crossing) {
                int target = sideChild(s, sym);
                if (target >= 0) {
                    return target;
                }
            }
            int fail = t[s + FAIL];
            if (depthOf(fail) < minDepth) {
                return ROOT;   // the failure chain only gets shallower
            }
            s = fail & OFFSET_MASK;
        }
        return minDepth > 0 ? ROOT : dense[sym] & OFFSET_MASK;   // the root's row is the first
    }

    /** The target offset of state {@code s}'s side child on {@code sym}, or -1. */
    private int sideChild(int s, int sym) {
        long key = (long) s << 32 | sym;
        long[] keys = sideKeys;
        for (int i = sideSlot(key); keys[i] != 0; i = (i + 1) & (keys.length - 1)) {
            if (keys[i] == key) {
                return sideTargets[i];
            }
        }
        return -1;
    }

    private int sideSlot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> sideShift);
    }

    /**
     * The target offset of the edge on {@code sym} among the edges described from {@code k} on (the
     * {@link #INDEXED} or {@code SEARCHED + count} word, the signature, then the edges), or -1.
     */
    private static int edge(int[] t, int k, int sym) {
        int signature = t[k + 1];
        int bit = 1 << sym;   // the shift uses sym & 31
        if ((signature & bit) == 0) {
            return -1;
        }
        int kind = t[k];
        if (kind == INDEXED) {
            int e = k + 2 + 2 * Integer.bitCount(signature & (bit - 1));
            return t[e] == sym ? t[e + 1] : -1;
        }
        int count = kind - SEARCHED;
        if (count > LINEAR_SEARCH_MAX) {   // edges in symbol order
            int low = 0;
            int high = count - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int midSym = t[k + 2 + 2 * mid];
                if (midSym < sym) {
                    low = mid + 1;
                } else if (midSym > sym) {
                    high = mid - 1;
                } else {
                    return t[k + 3 + 2 * mid];
                }
            }
            return -1;
        }
        for (int e = k + 2, end = e + 2 * count; e < end; e += 2) {
            if (t[e] == sym) {
                return t[e + 1];
            }
        }
        return -1;
    }

    /** The state of reference {@code ref}, or the root if it is too shallow for {@code minDepth}. */
    private static int deepEnough(int ref, int minDepth) {
        return depthOf(ref) > minDepth ? ref & OFFSET_MASK : ROOT;
    }

    /** The depth in a reference. */
    static int depthOf(int ref) {
        return ref >>> DEPTH_SHIFT & DEPTH_MASK;
    }

    /** Whether reaching state {@code s} reports matches. */
    boolean hasOutput(int s) {
        return table[s + FAIL] < 0;
    }

    /** The terms state {@code s} ends; only for a state with {@link #hasOutput(int)}. */
    int[] outputsOf(int s) {
        int i = slot(s);
        while (outputOffsets[outputSlots[i] - 1] != s) {   // s is a key: the probe ends at it
            i = (i + 1) & (outputSlots.length - 1);
        }
        return outputs[outputSlots[i] - 1];
    }

    private int slot(int offset) {
        return (offset * 0x9E3779B1) >>> outputSlotShift;
    }

    /** Normalized characters of the current partial match that may still grow into a match from state {@code s}. */
    int openDepthOf(int s) {
        return openDepth[Arrays.binarySearch(stateOffsets, s)];
    }
}
