package io.aigw.filters.content;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A compiled lexicon: every term of every category in one Aho–Corasick automaton that runs over the
 * original text, folding each character through {@link TextNormalizer}'s table on the fly (one pass,
 * no normalized copy), and reports matches as UTF-16 ranges of the original text.
 *
 * <p>Matching rules: a term matches when the text's term characters fold to it, with at most
 * {@link #maxGap()} gap characters (spaces, punctuation, symbols, emoji) and at most
 * {@link TextNormalizer#MAX_INVISIBLE_RUN} invisible characters between two consecutive term
 * characters. A term that begins (ends) with a letter or digit of a spaced script (Latin, Cyrillic,
 * Greek…) only matches where the preceding (following) visible character, ignoring invisibles, is not
 * such a letter or digit, so "ass" does not match inside "classic". Terms of {@code allow.txt} are
 * matched as well and reported under {@link #ALLOW}; suppressing what they overlap is the caller's job.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} or {@link LexiconLoader}, and swap the
 * reference atomically on reload. Matching state lives in a per-text {@link Cursor}.
 */
public final class LexiconMatcher {

    /** Category under which the terms of {@code allow.txt} are reported. */
    public static final String ALLOW = "allow";
    /** Longest term accepted, in normalized characters. */
    public static final int MAX_TERM_LENGTH = 32;
    /** Default {@link #maxGap()}. */
    public static final int DEFAULT_MAX_GAP = 3;
    /** Largest {@link #maxGap()} accepted. */
    public static final int MAX_MAX_GAP = 16;

    /** Longest text (or stream) a cursor accepts, in chars: positions are kept in 30 bits. */
    static final int MAX_TEXT_LENGTH = 1 << 30;

    private static final int WORD_BIT = 1 << 24;
    private static final int SYMBOL_MASK = WORD_BIT - 1;
    private static final int INFO_INVISIBLE = -1;
    private static final int INFO_GAP = -2;
    private static final int INFO_SLOW = -3;

    private final int maxGap;
    private final List<String> categories;
    private final int termCount;
    private final int maxTermLength;

    /** Per original BMP char: symbol | WORD_BIT for term characters, else an INFO_* class. */
    private final int[] bmpInfo;
    /** Per normalized BMP char: its symbol, 0 when no term uses it. */
    private final int[] bmpSymbol;
    private final Map<Integer, Integer> supplementarySymbol;

    private final int[] rootNext;
    /**
     * Complete transition rows (failure links folded in) for the root and the widest states, indexed
     * {@code dense[denseOffset[s] + symbol]}; {@code denseOffset[s] < 0} for sparse states.
     */
    private final int[] dense;
    private final int[] denseOffset;
    /**
     * The hot per-state fields packed for locality, 4 ints per state: dense row offset (or -1), first edge
     * index into {@link #edges} (the next state's is the end), failure state with {@link #OUTPUT_BIT} set
     * when the state (or its failure chain) ends a term, and a 32-bit signature of its children's symbols
     * (bit {@code sym & 31}) that rules out most missing children without scanning the edges.
     */
    private final int[] node;
    /** Interleaved (symbol, target) pairs, in the order of {@link #edgeSymbol}. */
    private final int[] edges;
    private static final int OUTPUT_BIT = 1 << 31;
    private static final int NODE_SHIFT = 2;
    private static final int NODE_STRIDE = 1 << NODE_SHIFT;
    private final int[] edgeStart;
    private final int[] edgeSymbol;
    private final int[] edgeTarget;
    private final int[] fail;
    private final int[] depth;
    /** The state itself when it ends a term, else the nearest such state on its failure chain, else -1. */
    private final int[] firstOutput;
    /** For a state ending a term: the next state on its failure chain that ends a term, else -1. */
    private final int[] nextOutput;
    private final int[] stateTerm;
    /** Depth of the deepest state on the failure chain (self included) that has a child: what may still grow. */
    private final int[] openDepth;

    private final int[] termLength;
    /** Category indexes of each term; -1 stands for {@link #ALLOW}. */
    private final int[][] termCategories;
    private final boolean[] termLeftBoundary;
    private final boolean[] termRightBoundary;

    private LexiconMatcher(Builder b) {
        this.maxGap = b.maxGap;
        this.categories = List.copyOf(b.categoryIndex.keySet());
        List<int[]> terms = new ArrayList<>();
        List<Set<Integer>> cats = new ArrayList<>();
        for (Map.Entry<String, Set<Integer>> e : b.terms.entrySet()) {
            terms.add(e.getKey().codePoints().toArray());
            cats.add(e.getValue());
        }
        this.termCount = terms.size();

        // Alphabet: dense symbols 1..n for the normalized code points that occur in terms.
        this.bmpSymbol = new int[65536];
        this.supplementarySymbol = new HashMap<>();
        int symbols = 0;
        int longest = 0;
        this.termLength = new int[termCount];
        this.termCategories = new int[termCount][];
        this.termLeftBoundary = new boolean[termCount];
        this.termRightBoundary = new boolean[termCount];
        // Symbols in code point order: Latin letters and digits get the smallest, so the entries Latin text
        // reads in a dense row sit together in the row's first cache lines.
        TreeSet<Integer> termCodePoints = new TreeSet<>();
        terms.forEach(term -> Arrays.stream(term).forEach(termCodePoints::add));
        for (int cp : termCodePoints) {
            symbols++;
            if (cp < 65536) {
                bmpSymbol[cp] = symbols;
            } else {
                supplementarySymbol.put(cp, symbols);
            }
        }
        for (int t = 0; t < termCount; t++) {
            int[] term = terms.get(t);
            termLength[t] = term.length;
            longest = Math.max(longest, term.length);
            termCategories[t] = cats.get(t).stream().mapToInt(Integer::intValue).toArray();
            termLeftBoundary[t] = TextNormalizer.isWordCodePoint(term[0]);
            termRightBoundary[t] = TextNormalizer.isWordCodePoint(term[term.length - 1]);
        }
        this.maxTermLength = longest;

        this.bmpInfo = new int[65536];
        for (int c = 0; c < 65536; c++) {
            char f = TextNormalizer.fold((char) c);
            bmpInfo[c] = switch (f) {
                case TextNormalizer.INVISIBLE -> INFO_INVISIBLE;
                case TextNormalizer.GAP -> INFO_GAP;
                case TextNormalizer.EXPANDED, TextNormalizer.SURROGATE -> INFO_SLOW;
                default -> bmpSymbol[f] | (TextNormalizer.isWordChar(f) ? WORD_BIT : 0);
            };
        }

        // Trie, then failure links breadth-first.
        List<Map<Integer, Integer>> children = new ArrayList<>();   // reassigned once renumbered
        List<Integer> stateTermList = new ArrayList<>();
        List<Integer> depthList = new ArrayList<>();
        children.add(new HashMap<>());
        stateTermList.add(-1);
        depthList.add(0);
        for (int t = 0; t < termCount; t++) {
            int s = 0;
            for (int cp : terms.get(t)) {
                int sym = symbolOf(cp);
                Integer next = children.get(s).get(sym);
                if (next == null) {
                    next = children.size();
                    children.get(s).put(sym, next);
                    children.add(new HashMap<>());
                    stateTermList.add(-1);
                    depthList.add(depthList.get(s) + 1);
                }
                s = next;
            }
            stateTermList.set(s, t);
        }
        int states = children.size();
        // Renumber breadth-first: shallow states, which nearly every char visits, end up close together.
        int[] newId = new int[states];
        int[] oldId = new int[states];
        ArrayDeque<Integer> order = new ArrayDeque<>();
        order.add(0);
        for (int assigned = 0; !order.isEmpty(); assigned++) {
            int old = order.poll();
            newId[old] = assigned;
            oldId[assigned] = old;
            new TreeMap<>(children.get(old)).values().forEach(order::add);
        }
        List<Map<Integer, Integer>> renumbered = new ArrayList<>(states);
        this.depth = new int[states];
        this.stateTerm = new int[states];
        for (int st = 0; st < states; st++) {
            Map<Integer, Integer> kids = new HashMap<>();
            children.get(oldId[st]).forEach((sym, target) -> kids.put(sym, newId[target]));
            renumbered.add(kids);
            depth[st] = depthList.get(oldId[st]);
            stateTerm[st] = stateTermList.get(oldId[st]);
        }
        children = renumbered;
        this.rootNext = new int[symbols + 1];
        this.edgeStart = new int[states + 1];
        int edges = 0;
        for (int s = 0; s < states; s++) {
            edgeStart[s] = edges;
            edges += s == 0 ? 0 : children.get(s).size();
        }
        edgeStart[states] = edges;
        this.edgeSymbol = new int[edges];
        this.edgeTarget = new int[edges];
        for (int s = 1; s < states; s++) {
            int e = edgeStart[s];
            for (Map.Entry<Integer, Integer> c : new TreeMap<>(children.get(s)).entrySet()) {
                edgeSymbol[e] = c.getKey();
                edgeTarget[e++] = c.getValue();
            }
        }
        children.get(0).forEach((sym, target) -> rootNext[sym] = target);

        this.fail = new int[states];
        this.firstOutput = new int[states];
        this.nextOutput = new int[states];
        this.openDepth = new int[states];
        Arrays.fill(nextOutput, -1);
        firstOutput[0] = -1;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int target : children.get(0).values()) {
            fail[target] = 0;
            queue.add(target);
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            int f = fail[s];
            int inherited = firstOutput[f];
            openDepth[s] = edgeStart[s + 1] > edgeStart[s] ? depth[s] : openDepth[f];
            if (stateTerm[s] >= 0) {
                firstOutput[s] = s;
                nextOutput[s] = inherited;
            } else {
                firstOutput[s] = inherited;
            }
            for (int e = edgeStart[s]; e < edgeStart[s + 1]; e++) {
                int sym = edgeSymbol[e];
                int child = edgeTarget[e];
                fail[child] = next(f, sym);
                queue.add(child);
            }
        }

        // Dense rows for the root and the states with the most children, within a memory budget.
        int alphabet = symbols + 1;
        this.denseOffset = new int[states];
        Arrays.fill(denseOffset, -1);
        List<Integer> wide = new ArrayList<>();
        for (int st = 1; st < states; st++) {
            if (edgeStart[st + 1] - edgeStart[st] >= DENSE_MIN_CHILDREN) {
                wide.add(st);
            }
        }
        wide.sort((x, y) -> (edgeStart[y + 1] - edgeStart[y]) - (edgeStart[x + 1] - edgeStart[x]));
        int rows = (int) Math.min(1 + wide.size(), Math.max(1, DENSE_BUDGET / alphabet));
        this.dense = new int[rows * alphabet];
        System.arraycopy(rootNext, 0, dense, 0, alphabet);
        denseOffset[0] = 0;
        for (int r = 1; r < rows; r++) {
            int st = wide.get(r - 1);
            int offset = r * alphabet;
            for (int sym = 1; sym < alphabet; sym++) {
                dense[offset + sym] = next(st, sym);
            }
            denseOffset[st] = offset;
        }
        this.node = new int[(states + 1) * NODE_STRIDE];   // a sentinel gives the last state its edge end
        for (int st = 0; st < states; st++) {
            int base = st * NODE_STRIDE;
            node[base] = denseOffset[st];
            node[base + 1] = edgeStart[st];
            node[base + 2] = fail[st] | (firstOutput[st] >= 0 ? OUTPUT_BIT : 0);
            for (int e = edgeStart[st]; e < edgeStart[st + 1]; e++) {
                node[base + 3] |= 1 << (edgeSymbol[e] & 31);
            }
        }
        node[states * NODE_STRIDE + 1] = edgeStart[states];
        this.edges = new int[2 * edgeSymbol.length];
        for (int e = 0; e < edgeSymbol.length; e++) {
            this.edges[2 * e] = edgeSymbol[e];
            this.edges[2 * e + 1] = edgeTarget[e];
        }
    }

    /** States with at least this many children get a dense row. */
    private static final int DENSE_MIN_CHILDREN = 6;
    /** At most this many ints (16 MiB) of dense rows. */
    private static final int DENSE_BUDGET = 4 << 20;

    /**
     * The automaton's transition: dense rows where present, else children then failure links.
     *
     * <p>{@code midWord}: the char is a word char right after another word char. A match starting at it
     * would need a left word boundary (its first char is a word char), so it cannot start here: falling
     * back to the root yields the root, not the root's child. This prunes the useless states that begin
     * inside Latin words without changing any match.
     */
    private int step(int s, int sym, boolean midWord) {
        final int[] n = node;
        final int[] e = edges;
        if (s == 0) {
            return midWord ? 0 : dense[sym];   // the root's row is the first
        }
        while (true) {
            int b = s << NODE_SHIFT;
            int row = n[b];
            if (row >= 0) {
                return dense[row + sym];
            }
            if ((n[b + 3] & (1 << (sym & 31))) != 0) {
                int hi = n[b + NODE_STRIDE + 1] << 1;
                for (int k = n[b + 1] << 1; k < hi; k += 2) {
                    if (e[k] == sym) {
                        return e[k + 1];
                    }
                }
            }
            s = n[b + 2] & ~OUTPUT_BIT;
            if (s == 0) {
                return midWord ? 0 : dense[sym];
            }
        }
    }

    private int next(int s, int sym) {
        while (true) {
            if (s == 0) {
                return rootNext[sym];
            }
            int t = edge(s, sym);
            if (t >= 0) {
                return t;
            }
            s = fail[s];
        }
    }

    private int edge(int s, int sym) {
        int lo = edgeStart[s];
        int hi = edgeStart[s + 1];
        if (hi - lo <= 8) {
            for (int e = lo; e < hi; e++) {
                if (edgeSymbol[e] == sym) {
                    return edgeTarget[e];
                }
            }
            return -1;
        }
        int i = Arrays.binarySearch(edgeSymbol, lo, hi, sym);
        return i >= 0 ? edgeTarget[i] : -1;
    }

    private int symbolOf(int normalizedCp) {
        if (normalizedCp < 65536) {
            return bmpSymbol[normalizedCp];
        }
        Integer s = supplementarySymbol.get(normalizedCp);
        return s == null ? 0 : s;
    }

    /** A new, empty builder; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The categories that have at least one term, in the order they were added ({@link #ALLOW} excluded). */
    public List<String> categories() {
        return categories;
    }

    /** Number of distinct normalized terms, allow terms included. */
    public int termCount() {
        return termCount;
    }

    /** Longest term, in normalized characters (0 for an empty lexicon). */
    public int maxTermLength() {
        return maxTermLength;
    }

    /** At most this many gap characters are skipped between two term characters of a match. */
    public int maxGap() {
        return maxGap;
    }

    /**
     * Upper bound, in UTF-16 chars of the original text, of what a {@link Cursor} may still need to see
     * again: the span of a longest match (each term character up to 2 chars, and up to {@code maxGap}
     * gap plus {@link TextNormalizer#MAX_INVISIBLE_RUN} invisible code points of 2 chars after each),
     * plus one pending high surrogate.
     */
    public int maxOpenSpan() {
        return 2 * maxTermLength + 2 * maxTermLength * (maxGap + TextNormalizer.MAX_INVISIBLE_RUN) + 2;
    }

    String category(int index) {
        return index < 0 ? ALLOW : categories.get(index);
    }

    /** Receives the matches of a cursor. */
    interface Sink {
        /** A match of term {@code term} (see {@link #termCategories(int)}) over original chars [start, end). */
        void match(int term, int start, int end);
    }

    /** Category indexes of a term (-1 = allow). */
    int[] termCategories(int term) {
        return termCategories[term];
    }

    Cursor cursor(Sink sink) {
        return new Cursor(sink);
    }

    @Override
    public String toString() {
        return "LexiconMatcher[categories=" + categories + ", terms=" + termCount + ", maxTermLength="
                + maxTermLength + ", maxGap=" + maxGap + "]";
    }

    /**
     * Matching state over one text fed in order, possibly in pieces. Positions are absolute offsets from
     * the first char fed. Not thread-safe.
     */
    final class Cursor {
        private static final int BLOCK = 2048;
        private final Sink sink;
        /** Chars copied out of the fed text; sized to the first text, up to {@value #BLOCK}. */
        private char[] block;
        /** Original start of each recent normalized char, shifted left by one; bit 0 = preceded by a word char. */
        private final int[] ring;
        private final int ringMask;
        /** Index of the last normalized term character (-1 before the first). */
        private int charIndex = -1;
        private int state;
        private int gapRun;
        private int invisibleRun;
        private boolean prevWord;
        /** Chars consumed so far = absolute position of the next char. */
        private int position;
        private char pendingHigh;
        private final int[] pendingTerm = new int[Math.max(1, maxTermLength)];
        private final int[] pendingStart = new int[Math.max(1, maxTermLength)];
        private int pendingEnd;
        private int pendingCount;

        private Cursor(Sink sink) {
            this.sink = sink;
            this.ring = new int[Integer.highestOneBit(Math.max(1, maxTermLength)) * 2];
            this.ringMask = ring.length - 1;
        }

        /** Consumes {@code text}. Matches are reported to the sink once certain. */
        void feed(CharSequence text) {
            int length = text.length();
            if (position > MAX_TEXT_LENGTH - length) {
                throw new IllegalStateException("text longer than " + MAX_TEXT_LENGTH + " chars");
            }
            // Copy in blocks: the loop over a char[] is markedly faster than charAt on a String.
            if (block == null || (block.length < BLOCK && block.length < length)) {
                block = new char[Math.min(BLOCK, Math.max(64, length))];
            }
            for (int from = 0; from < length; from += block.length) {
                int to = Math.min(length, from + block.length);
                if (text instanceof String string) {
                    string.getChars(from, to, block, 0);
                } else {
                    for (int i = from; i < to; i++) {
                        block[i - from] = text.charAt(i);
                    }
                }
                feedBlock(to - from);
            }
        }

        private void feedBlock(int n) {
            final char[] chars = block;
            // The hot path (a BMP term or gap char, nothing pending) runs on locals; anything else syncs the
            // fields and takes the general per-char path.
            final int[] info = bmpInfo;
            final int[] firstOut = firstOutput;
            final int[] nodes = node;
            final int[] ringArray = ring;
            final int mask = ringMask;
            final int gapLimit = maxGap;
            int st = state;
            int idx = charIndex;
            int gaps = gapRun;
            int invisibles = invisibleRun;
            boolean word = prevWord;
            int pos = position;
            boolean quiet = pendingHigh == 0 && pendingCount == 0;
            for (int i = 0; i < n; i++, pos++) {
                char c = chars[i];
                int x = info[c];
                if (quiet) {
                    if (x >= 0) {
                        gaps = 0;
                        invisibles = 0;
                        ringArray[++idx & mask] = pos << 1 | (word ? 1 : 0);
                        boolean isWord = (x & WORD_BIT) != 0;
                        boolean midWord = word && isWord;
                        word = isWord;
                        int sym = x & SYMBOL_MASK;
                        if (sym == 0) {
                            st = 0;
                        } else {
                            st = step(st, sym, midWord);
                            if (nodes[(st << NODE_SHIFT) + 2] < 0) {
                                state = st;
                                charIndex = idx;
                                prevWord = word;
                                for (int o = firstOut[st]; o >= 0; o = nextOutput[o]) {
                                    emit(stateTerm[o], idx, pos + 1);
                                }
                                quiet = pendingCount == 0;
                            }
                        }
                        continue;
                    }
                    if (x == INFO_GAP) {
                        word = false;
                        if (++gaps > gapLimit) {
                            st = 0;
                        }
                        continue;
                    }
                }
                state = st;
                charIndex = idx;
                gapRun = gaps;
                invisibleRun = invisibles;
                prevWord = word;
                position = pos;
                slowChar(c, x);
                st = state;
                idx = charIndex;
                gaps = gapRun;
                invisibles = invisibleRun;
                word = prevWord;
                quiet = pendingHigh == 0 && pendingCount == 0;
            }
            state = st;
            charIndex = idx;
            gapRun = gaps;
            invisibleRun = invisibles;
            prevWord = word;
            position = pos;
        }

        /** The general path for one char at {@link #position}: pending state, surrogates, expansions. */
        private void slowChar(char c, int x) {
            int pos = position;
            if (pendingHigh != 0) {
                char high = pendingHigh;
                pendingHigh = 0;
                if (Character.isLowSurrogate(c)) {
                    slowCodePoint(Character.toCodePoint(high, c), pos - 1, pos + 1);
                    return;
                }
                gap();   // a lone high surrogate
            }
            if (x >= 0) {
                termChar(x & SYMBOL_MASK, (x & WORD_BIT) != 0, pos, pos + 1);
            } else if (x == INFO_GAP) {
                gap();
            } else if (x == INFO_INVISIBLE) {
                invisible();
            } else if (Character.isHighSurrogate(c)) {
                pendingHigh = c;
            } else if (Character.isLowSurrogate(c)) {
                gap();   // a lone low surrogate
            } else {
                String expansion = TextNormalizer.expansion(c);
                for (int k = 0; k < expansion.length(); k++) {
                    char f = expansion.charAt(k);
                    termChar(bmpSymbol[f], TextNormalizer.isWordChar(f), pos, pos + 1);
                }
            }
        }

        /** Ends the text: a pending high surrogate is a gap, and pending boundary checks succeed. */
        void finish() {
            if (pendingHigh != 0) {
                pendingHigh = 0;
                gap();
            }
            resolvePending(true);
            state = 0;
        }

        /** Chars consumed so far. */
        int position() {
            return position;
        }

        /** The smallest position at which a match not yet reported could start ({@link #position()} if none). */
        int openStart() {
            int open = position;
            if (pendingHigh != 0) {
                open = position - 1;
            }
            int d = openDepth[state];
            if (d > 0) {
                open = Math.min(open, ring[(charIndex - d + 1) & ringMask] >>> 1);
            }
            for (int p = 0; p < pendingCount; p++) {
                open = Math.min(open, pendingStart[p]);
            }
            return open;
        }

        private void slowCodePoint(int cp, int start, int end) {
            String folded = TextNormalizer.foldSupplementary(cp);
            if (folded == null) {
                invisible();
            } else if (folded.isEmpty()) {
                gap();
            } else {
                for (int k = 0; k < folded.length(); ) {
                    int f = folded.codePointAt(k);
                    k += Character.charCount(f);
                    termChar(symbolOf(f), TextNormalizer.isWordCodePoint(f), start, end);
                }
            }
        }

        private void termChar(int sym, boolean word, int start, int end) {
            if (pendingCount > 0) {
                resolvePending(!word);
            }
            gapRun = 0;
            invisibleRun = 0;
            int idx = ++charIndex;
            ring[idx & ringMask] = start << 1 | (prevWord ? 1 : 0);
            boolean midWord = prevWord && word;
            prevWord = word;
            if (sym == 0) {
                state = 0;
                return;
            }
            int s = step(state, sym, midWord);
            state = s;
            for (int o = firstOutput[s]; o >= 0; o = nextOutput[o]) {
                emit(stateTerm[o], idx, end);
            }
        }

        private void gap() {
            if (pendingCount > 0) {
                resolvePending(true);
            }
            prevWord = false;
            if (++gapRun > maxGap) {
                state = 0;
            }
        }

        private void invisible() {
            if (++invisibleRun > TextNormalizer.MAX_INVISIBLE_RUN) {
                if (pendingCount > 0) {
                    resolvePending(true);
                }
                state = 0;
            }
        }

        private void emit(int term, int lastIndex, int end) {
            int r = ring[(lastIndex - termLength[term] + 1) & ringMask];
            if (termLeftBoundary[term] && (r & 1) != 0) {
                return;
            }
            int start = r >>> 1;
            if (termRightBoundary[term]) {
                pendingTerm[pendingCount] = term;
                pendingStart[pendingCount++] = start;
                pendingEnd = end;
            } else {
                sink.match(term, start, end);
            }
        }

        private void resolvePending(boolean boundary) {
            if (boundary) {
                for (int p = 0; p < pendingCount; p++) {
                    sink.match(pendingTerm[p], pendingStart[p], pendingEnd);
                }
            }
            pendingCount = 0;
        }
    }

    /**
     * Collects terms by category and compiles them. Not thread-safe; {@link #build()} may be called once.
     * Terms are normalized here; {@link #add(String, String)} throws {@link IllegalArgumentException}
     * (naming the term) for a term with no term characters or longer than {@link #MAX_TERM_LENGTH}.
     */
    public static final class Builder {
        private int maxGap = DEFAULT_MAX_GAP;
        private final Map<String, Integer> categoryIndex = new LinkedHashMap<>();
        private final Map<String, Set<Integer>> terms = new LinkedHashMap<>();

        private Builder() {
        }

        /** Gap characters allowed between two term characters, 0..{@value #MAX_MAX_GAP}; default 3. */
        public Builder maxGap(int maxGap) {
            if (maxGap < 0 || maxGap > MAX_MAX_GAP) {
                throw new IllegalArgumentException("maxGap must be within 0.." + MAX_MAX_GAP + ": " + maxGap);
            }
            this.maxGap = maxGap;
            return this;
        }

        /**
         * Adds {@code term} to {@code category} ({@link #ALLOW} for a never-match term).
         *
         * @throws IllegalArgumentException when the term normalizes to nothing or is too long, or the
         *         category name is blank
         */
        public Builder add(String category, String term) {
            if (category == null || category.isBlank()) {
                throw new IllegalArgumentException("blank category for term '" + term + "'");
            }
            int[] normalized = normalize(term);
            int index = ALLOW.equals(category) ? -1
                    : categoryIndex.computeIfAbsent(category, k -> categoryIndex.size());
            terms.computeIfAbsent(new String(normalized, 0, normalized.length), k -> new LinkedHashSet<>(2))
                    .add(index);
            return this;
        }

        /** Adds every term of {@code termList} to {@code category}; see {@link #add(String, String)}. */
        public Builder addAll(String category, Iterable<String> termList) {
            for (String term : termList) {
                add(category, term);
            }
            return this;
        }

        /** Compiles the automaton. */
        public LexiconMatcher build() {
            return new LexiconMatcher(this);
        }

        /** The normalized form of a term, validated; see {@link #add(String, String)}. */
        static int[] normalize(String term) {
            int[] normalized = TextNormalizer.normalizeTerm(term);
            if (normalized.length == 0) {
                throw new IllegalArgumentException("term '" + term + "' has no letter or digit after normalization");
            }
            if (normalized.length > MAX_TERM_LENGTH) {
                throw new IllegalArgumentException("term '" + term + "' is " + normalized.length
                        + " characters after normalization, more than " + MAX_TERM_LENGTH);
            }
            return normalized;
        }
    }
}
