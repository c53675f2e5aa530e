package io.aigw.filters.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compiles normalized terms into an {@link Automaton}: the symbol alphabet and char table, the trie,
 * breadth-first renumbering, failure links and outputs, dense rows for the widest states, and the packed
 * state records. Stateless; {@link #build(List)} is thread-safe.
 */
final class AutomatonBuilder {

    /** States with at least this many children get a dense row. */
    static final int DENSE_MIN_CHILDREN = 6;
    /** At most this many ints (16 MiB) of dense rows. */
    static final int DENSE_BUDGET = 4 << 20;
    /** States whose children are all ASCII letters or digits get a narrow row from this many children. */
    static final int NARROW_MIN_CHILDREN = 2;
    /** Only states this shallow get narrow rows: deeper, a compact record keeps more states in the cache. */
    static final int NARROW_MAX_DEPTH = 2;
    /**
     * States whose path is all ASCII letters and digits, down to this depth, come first in the table: Latin
     * text visits them at nearly every word, and together they stay in the cache.
     */
    static final int LATIN_FIRST_DEPTH = 5;
    /** At most this many ints (16 MiB) of narrow rows (each within its state's record). */
    static final int NARROW_BUDGET = 4 << 20;

    private AutomatonBuilder() {
    }

    /**
     * Compiles {@code terms}; term {@code t} is reported as index {@code t}.
     *
     * @param terms distinct, non-empty normalized terms (code points, as {@link TextNormalizer#normalizeTerm})
     * @return the automaton
     * @throws IllegalStateException if the state records would exceed {@link Automaton#OFFSET_MASK} ints
     *         (128 MiB; several million terms)
     */
    static Automaton build(List<int[]> terms) {
        return build(terms, DENSE_BUDGET, NARROW_BUDGET, null);
    }

    /**
     * As {@link #build(List)}, where every normalized BMP char {@code c} with {@code aliases[c] != 0} reads
     * as {@code aliases[c]} (the terms must use the alias only): the homophone automaton.
     */
    static Automaton build(List<int[]> terms, char[] aliases) {
        return build(terms, DENSE_BUDGET, NARROW_BUDGET, aliases);
    }

    /**
     * As {@link #build(List)}, with at most {@code denseBudget} ints of dense rows (the root's row is always
     * made) and {@code narrowBudget} of narrow rows.
     */
    static Automaton build(List<int[]> terms, int denseBudget, int narrowBudget) {
        return build(terms, denseBudget, narrowBudget, null);
    }

    private static Automaton build(List<int[]> terms, int denseBudget, int narrowBudget, char[] aliases) {
        Alphabet alphabet = Alphabet.of(terms, aliases);
        Trie trie = Trie.of(terms, alphabet);
        List<int[]> termSymbols = terms.stream().map(t -> Arrays.stream(t).map(alphabet::symbolOf).toArray()).toList();
        // The cursor consults the filter only for chars that are not word chars (see LexiconMatcher).
        boolean[] wordSymbol = new boolean[alphabet.size() + 1];
        terms.forEach(t -> Arrays.stream(t).forEach(cp -> wordSymbol[alphabet.symbolOf(cp)] = TextNormalizer.isWordCodePoint(cp)));
        // ... and not after an ASCII letter or digit.
        int asciiSize = alphabet.asciiSize();
        BigramFilter bigrams = BigramFilter.of(termSymbols, sym -> !wordSymbol[sym], previous -> previous > asciiSize);
        return pack(trie, alphabet, bigrams, denseBudget, narrowBudget);
    }

    /**
     * Dense symbols 1..n for the normalized code points of the terms, and the per-char info table; the
     * symbols 1..{@code asciiSize} are those of ASCII code points.
     */
    private record Alphabet(int size, int asciiSize, int[] bmpSymbol, Map<Integer, Integer> supplementarySymbol,
            char[] charClass) {

        static Alphabet of(List<int[]> terms, char[] aliases) {
            int[] bmpSymbol = new int[65536];
            Map<Integer, Integer> supplementary = new HashMap<>();
            // Symbols in code point order: Latin letters and digits get the smallest, so the entries Latin
            // text reads in a dense row sit together in the row's first cache lines.
            TreeSet<Integer> codePoints = new TreeSet<>();
            terms.forEach(term -> Arrays.stream(term).forEach(codePoints::add));
            int symbols = 0;
            for (int cp : codePoints) {
                symbols++;
                if (cp < 65536) {
                    bmpSymbol[cp] = symbols;
                } else {
                    supplementary.put(cp, symbols);
                }
            }
            if (aliases != null) {
                for (int c = 0; c < 65536; c++) {
                    if (aliases[c] != 0 && bmpSymbol[c] == 0) {
                        bmpSymbol[c] = bmpSymbol[aliases[c]];
                    }
                }
            }
            char[] classes = new char[65536];
            for (int c = 0; c < 65536; c++) {
                char f = TextNormalizer.fold((char) c);
                classes[c] = switch (f) {
                    case TextNormalizer.INVISIBLE -> Automaton.CLASS_INVISIBLE;
                    case TextNormalizer.GAP -> Automaton.CLASS_GAP;
                    case TextNormalizer.EXPANDED, TextNormalizer.SURROGATE -> Automaton.CLASS_SLOW;
                    default -> bmpSymbol[f] > Automaton.SYMBOL_BITS ? Automaton.CLASS_SLOW
                            : (char) (bmpSymbol[f] | (TextNormalizer.isWordChar(f) ? Automaton.WORD_FLAG : 0));
                };
            }
            int ascii = codePoints.headSet(128).size();
            return new Alphabet(symbols, ascii, bmpSymbol, supplementary, classes);
        }

        int symbolOf(int cp) {
            return cp < 65536 ? bmpSymbol[cp] : supplementarySymbol.getOrDefault(cp, 0);
        }
    }

    /**
     * The trie numbered breadth-first (shallow states, which nearly every char visits, end up close
     * together), with children sorted by symbol, failure links, outputs and open depths. State 0 is the root.
     */
    private static final class Trie {
        final int[][] childSymbols;
        final int[][] childTargets;
        final int[] fail;
        final int[][] outputs;
        final int[] openDepth;
        final int[] depth;

        private Trie(int states) {
            childSymbols = new int[states][];
            childTargets = new int[states][];
            fail = new int[states];
            outputs = new int[states][];
            openDepth = new int[states];
            depth = new int[states];
        }

        int size() {
            return fail.length;
        }

        static Trie of(List<int[]> terms, Alphabet alphabet) {
            List<TreeMap<Integer, Integer>> children = new ArrayList<>();
            List<Integer> termOf = new ArrayList<>();
            children.add(new TreeMap<>());
            termOf.add(-1);
            for (int t = 0; t < terms.size(); t++) {
                int s = 0;
                for (int cp : terms.get(t)) {
                    int sym = alphabet.symbolOf(cp);
                    Integer next = children.get(s).get(sym);
                    if (next == null) {
                        next = children.size();
                        children.get(s).put(sym, next);
                        children.add(new TreeMap<>());
                        termOf.add(-1);
                    }
                    s = next;
                }
                termOf.set(s, t);
            }
            int states = children.size();
            int[] oldId = new int[states];
            int[] newId = new int[states];
            int assigned = 1;
            for (int next = 0; next < states; next++) {   // oldId fills as a breadth-first queue
                for (int child : children.get(oldId[next]).values()) {
                    newId[child] = assigned;
                    oldId[assigned++] = child;
                }
            }
            Trie trie = new Trie(states);
            int[] depth = trie.depth;
            for (int s = 0; s < states; s++) {
                TreeMap<Integer, Integer> kids = children.get(oldId[s]);
                trie.childSymbols[s] = kids.keySet().stream().mapToInt(Integer::intValue).toArray();
                trie.childTargets[s] = kids.values().stream().mapToInt(old -> newId[old]).toArray();
                for (int child : trie.childTargets[s]) {
                    depth[child] = depth[s] + 1;
                }
            }
            // Breadth-first order is increasing id: a state's failure state, being shallower, is done first.
            for (int s = 0; s < states; s++) {
                int f = trie.fail[s];
                int term = termOf.get(oldId[s]);
                int[] inherited = s == 0 ? null : trie.outputs[f];
                trie.outputs[s] = term < 0 ? inherited : prepend(term, inherited);
                trie.openDepth[s] = trie.childSymbols[s].length > 0 ? depth[s] : trie.openDepth[f];
                for (int k = 0; k < trie.childSymbols[s].length; k++) {
                    trie.fail[trie.childTargets[s][k]] = s == 0 ? 0 : trie.next(f, trie.childSymbols[s][k]);
                }
            }
            return trie;
        }

        /** The Aho–Corasick transition with failure links, by state number. */
        int next(int s, int sym) {
            while (true) {
                int k = Arrays.binarySearch(childSymbols[s], sym);
                if (k >= 0) {
                    return childTargets[s][k];
                }
                if (s == 0) {
                    return 0;
                }
                s = fail[s];
            }
        }

        private static int[] prepend(int term, int[] rest) {
            if (rest == null) {
                return new int[] {term};
            }
            int[] all = new int[rest.length + 1];
            all[0] = term;
            System.arraycopy(rest, 0, all, 1, rest.length);
            return all;
        }
    }

    /** Lays the trie out as {@link Automaton} records, choosing the states that get dense rows. */
    private static Automaton pack(Trie trie, Alphabet alphabet, BigramFilter bigrams, int denseBudget,
            int narrowBudget) {
        int states = trie.size();
        int narrowLimit = alphabet.asciiSize();
        boolean[] viaAscii = new boolean[states];
        for (int s = 0; s < states; s++) {
            for (int k = 0; k < trie.childSymbols[s].length; k++) {
                viaAscii[trie.childTargets[s][k]] = trie.childSymbols[s][k] <= narrowLimit;
            }
        }
        boolean[] narrow = new boolean[states];
        long narrowInts = 0;
        for (int s = 1; s < states && narrowInts + narrowLimit <= narrowBudget; s++) {
            int[] symbols = trie.childSymbols[s];
            int ascii = asciiChildren(symbols, narrowLimit);
            // All children ASCII, or a Latin prefix that mixed pinyin spellings also continue with characters
            // (long门马), whose character children become side children: Latin text reads the row only.
            if (trie.depth[s] <= NARROW_MAX_DEPTH && ascii >= NARROW_MIN_CHILDREN
                    && (ascii == symbols.length || viaAscii[s])) {
                narrow[s] = true;
                narrowInts += narrowLimit;
            }
        }
        int rowLength = alphabet.size() + 1;
        List<Integer> wide = new ArrayList<>();
        for (int s = 1; s < states; s++) {
            int[] symbols = trie.childSymbols[s];
            // Dense rows for many children beyond the ASCII ones only: a row is a cache miss of its own, in a
            // large array, where a short record keeps the edges next to the state.
            if (symbols.length - asciiChildren(symbols, narrowLimit) >= DENSE_MIN_CHILDREN && !narrow[s]
                    && !viaAscii[s]) {
                wide.add(s);
            }
        }
        wide.sort((x, y) -> trie.childSymbols[y].length - trie.childSymbols[x].length);
        int rows = (int) Math.min(1 + wide.size(), Math.max(1, denseBudget / rowLength));
        int[] denseRow = new int[states];
        Arrays.fill(denseRow, -1);
        denseRow[0] = 0;
        for (int r = 1; r < rows; r++) {
            denseRow[wide.get(r - 1)] = r * rowLength;
        }

        // The children a state's record holds; the others are side children (see Automaton).
        int[][] recordSymbols = new int[states][];
        int[][] recordTargets = new int[states][];
        boolean[] side = new boolean[states];
        for (int s = 0; s < states; s++) {
            int[] symbols = trie.childSymbols[s];
            int ascii = asciiChildren(symbols, narrowLimit);
            int from = 0;
            int to = symbols.length;
            if (narrow[s]) {
                to = ascii;   // the row holds the ASCII children; the others are side children
            } else if (s != 0 && denseRow[s] < 0) {
                from = viaAscii[s] ? 0 : ascii;   // children of the state's own script
                to = viaAscii[s] ? ascii : symbols.length;
            }
            recordSymbols[s] = Arrays.copyOfRange(symbols, from, to);
            recordTargets[s] = Arrays.copyOfRange(trie.childTargets[s], from, to);
            for (int k = 0; k < symbols.length; k++) {
                side[trie.childTargets[s][k]] = k < from || k >= to;
            }
        }

        boolean[] latinPath = new boolean[states];
        for (int s = 0; s < states; s++) {   // breadth-first: parents first
            for (int child : trie.childTargets[s]) {
                latinPath[child] = viaAscii[child] && (s == 0 || latinPath[s]);
            }
        }
        int[] order = layoutOrder(trie, latinPath, side);
        int[] offset = new int[states];
        int[] stateOffsets = new int[states];
        int[] openDepth = new int[states];
        long size = 0;
        for (int rank = 0; rank < states; rank++) {
            int s = order[rank];
            offset[s] = (int) size;
            stateOffsets[rank] = (int) size;
            openDepth[rank] = trie.openDepth[s];
            boolean next = rank + 1 < states && isOnlyChild(recordSymbols[s], recordTargets[s], order[rank + 1]);
            size += narrow[s] ? Automaton.SHORT_RECORD + narrowLimit
                    : denseRow[s] >= 0 || next || recordSymbols[s].length == 0 ? Automaton.SHORT_RECORD
                    : Automaton.EDGES + 2L * recordSymbols[s].length;
            if (size > Automaton.OFFSET_MASK) {
                throw new IllegalStateException("lexicon automaton too large: more than " + Automaton.OFFSET_MASK
                        + " ints of state records (" + states + " states)");
            }
        }
        int[] table = new int[(int) size];
        List<Integer> outputOffsets = new ArrayList<>();
        List<int[]> outputs = new ArrayList<>();
        List<Long> sideKeys = new ArrayList<>();
        List<Integer> sideTargets = new ArrayList<>();
        for (int rank = 0; rank < states; rank++) {
            int s = order[rank];
            int at = offset[s];
            int[] symbols = recordSymbols[s];
            table[at + Automaton.FAIL] = offset[trie.fail[s]] | trie.depth[trie.fail[s]] << Automaton.DEPTH_SHIFT
                    | (trie.outputs[s] != null ? Automaton.OUTPUT_BIT : 0);
            if (trie.outputs[s] != null) {
                outputOffsets.add(at);
                outputs.add(trie.outputs[s]);
            }
            if (denseRow[s] >= 0) {
                table[at + Automaton.KIND] = denseRow[s];
            } else if (narrow[s]) {
                table[at + Automaton.KIND] = Automaton.NARROW;
                for (int sym = 1; sym <= narrowLimit; sym++) {
                    table[at + Automaton.KIND + sym] = reference(trie, offset, trie.next(s, sym));
                }
            } else if (symbols.length == 0) {
                table[at + Automaton.KIND] = ~0;
            } else if (rank + 1 < states && isOnlyChild(symbols, recordTargets[s], order[rank + 1])) {
                table[at + Automaton.KIND] = ~symbols[0];
            } else {
                writeEdges(table, at + Automaton.KIND, symbols, Arrays.stream(recordTargets[s]).map(c -> offset[c]).toArray());
            }
            for (int k = 0; k < trie.childSymbols[s].length; k++) {
                int child = trie.childTargets[s][k];
                if (side[child]) {
                    sideKeys.add((long) at << 32 | trie.childSymbols[s][k]);
                    sideTargets.add(offset[child]);
                }
            }
        }
        int[] dense = new int[rows * rowLength];
        for (int s = 0; s < states; s++) {
            if (denseRow[s] >= 0) {
                for (int sym = 1; sym < rowLength; sym++) {
                    dense[denseRow[s] + sym] = reference(trie, offset, trie.next(s, sym));
                }
            }
        }
        return new Automaton(alphabet.charClass(), alphabet.bmpSymbol(), alphabet.supplementarySymbol(), table,
                dense, narrowLimit, bigrams, stateOffsets, openDepth, outputOffsets.stream().mapToInt(Integer::intValue).toArray(),
                outputs.toArray(int[][]::new), sideKeys.stream().mapToLong(Long::longValue).toArray(),
                sideTargets.stream().mapToInt(Integer::intValue).toArray());
    }

    /** How many of {@code symbols} (ascending) are at most {@code narrowLimit}: the ASCII letters and digits. */
    private static int asciiChildren(int[] symbols, int narrowLimit) {
        int n = 0;
        while (n < symbols.length && symbols[n] <= narrowLimit) {
            n++;
        }
        return n;
    }

    /**
     * Writes edges as {@link Automaton} reads them from {@code at}: {@link Automaton#INDEXED} or
     * {@code SEARCHED + count}, the signature, then the (symbol, target offset) pairs.
     */
    private static void writeEdges(int[] table, int at, int[] symbols, int[] targets) {
        int signature = 0;
        for (int symbol : symbols) {
            signature |= 1 << symbol;
        }
        boolean indexed = Integer.bitCount(signature) == symbols.length;
        table[at] = indexed ? Automaton.INDEXED : Automaton.SEARCHED + symbols.length;
        table[at + 1] = signature;
        for (int k = 0; k < symbols.length; k++) {
            // Indexed: the edge's rank among the children by low 5 bits, else its rank by symbol.
            int slot = indexed ? Integer.bitCount(signature & ((1 << symbols[k]) - 1)) : k;
            table[at + 2 + 2 * slot] = symbols[k];
            table[at + 2 + 2 * slot + 1] = targets[k];
        }
    }

    /** The reference to state {@code s} (see {@link Automaton}): offset, depth and output flag. */
    private static int reference(Trie trie, int[] offset, int s) {
        return offset[s] | trie.depth[s] << Automaton.DEPTH_SHIFT | (trie.outputs[s] != null ? Automaton.OUTPUT_BIT : 0);
    }

    /** Whether {@code child} is the one child of a record ({@code symbols}, {@code targets}), on a symbol a single-child record can hold. */
    private static boolean isOnlyChild(int[] symbols, int[] targets, int child) {
        return targets.length == 1 && targets[0] == child && symbols[0] <= Automaton.MAX_SINGLE_SYMBOL;
    }

    /**
     * The order of the states in the table: the root and its children (breadth-first numbers 0..k) and the
     * Latin prefixes of {@link #LATIN_FIRST_DEPTH} or fewer symbols, breadth-first, then the other states of
     * the subtree under each child depth-first, children in symbol order, except that the subtrees of side
     * children (mixed pinyin spellings: the text rarely visits them) come after all the rest, in turn.
     */
    private static int[] layoutOrder(Trie trie, boolean[] latinPath, boolean[] side) {
        int states = trie.size();
        int[] order = new int[states];
        boolean[] placed = new boolean[states];
        int n = 0;
        // Breadth-first numbering puts the shallow states first: the root, its children, then the Latin
        // prefixes up to LATIN_FIRST_DEPTH, which Latin text visits at nearly every word.
        for (int s = 0; s < states; s++) {
            if (trie.depth[s] <= 1 || (latinPath[s] && trie.depth[s] <= LATIN_FIRST_DEPTH)) {
                order[n++] = s;
                placed[s] = true;
            }
        }
        int[] stack = new int[states];
        int[] deferred = new int[states];
        int deferredCount = 0;
        int sp = 0;
        int[] top = trie.childTargets[0];
        for (int k = top.length - 1; k >= 0; k--) {
            stack[sp++] = top[k];
        }
        for (int next = 0; ; ) {
            while (sp > 0) {
                int s = stack[--sp];
                if (!placed[s]) {
                    order[n++] = s;
                    placed[s] = true;
                }
                int[] kids = trie.childTargets[s];
                for (int k = kids.length - 1; k >= 0; k--) {
                    if (side[kids[k]]) {
                        deferred[deferredCount++] = kids[k];
                    } else {
                        stack[sp++] = kids[k];
                    }
                }
            }
            if (next == deferredCount) {
                break;
            }
            stack[sp++] = deferred[next++];
        }
        return order;
    }
}
