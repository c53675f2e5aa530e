package io.aigw.filters.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled lexicon: every term of every category in one Aho–Corasick automaton ({@link Automaton},
 * compiled by {@link AutomatonBuilder}) that runs over the original text, folding each character through
 * a table derived from {@link TextNormalizer} on the fly (one pass, no normalized copy), and reports
 * matches as UTF-16 ranges of the original text. This class keeps the term metadata and the scanning.
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
    public static final int DEFAULT_MAX_GAP = 6;
    /** Largest {@link #maxGap()} accepted. */
    public static final int MAX_MAX_GAP = 16;

    /** Longest text (or stream) a cursor accepts, in chars: positions are kept in 30 bits. */
    static final int MAX_TEXT_LENGTH = 1 << 30;

    private static final int TERM_LIMIT = Automaton.TERM_LIMIT;
    private static final int WORD_FLAG = Automaton.WORD_FLAG;
    private static final int SYMBOL_BITS = Automaton.SYMBOL_BITS;
    /** A char class is a word char of a term exactly when these bits read {@link #WORD_FLAG}. */
    private static final int WORD_CLASS_MASK = TERM_LIMIT | WORD_FLAG;

    private final int maxGap;
    private final List<String> categories;
    private final int termCount;
    private final int maxTermLength;
    private final Automaton automaton;

    private final int[] termLength;
    /** Category indexes of each term; -1 stands for {@link #ALLOW}. */
    private final int[][] termCategories;
    private final boolean[] termLeftBoundary;
    private final boolean[] termRightBoundary;
    /** The terms of the homophone categories, read by sound; null when there are none. */
    private final LexiconMatcher homophones;
    private final Evasions evasions;

    private LexiconMatcher(Builder b, LexiconMatcher homophones) {
        this.maxGap = b.maxGap;
        this.homophones = homophones;
        this.evasions = b.evasions;
        this.categories = List.copyOf(b.categoryIndex.keySet());
        List<int[]> terms = new ArrayList<>();
        List<Set<Integer>> cats = new ArrayList<>();
        for (Map.Entry<String, Set<Integer>> e : b.terms.entrySet()) {
            terms.add(e.getKey().codePoints().toArray());
            cats.add(e.getValue());
        }
        this.termCount = terms.size();
        this.termLength = new int[termCount];
        this.termCategories = new int[termCount][];
        this.termLeftBoundary = new boolean[termCount];
        this.termRightBoundary = new boolean[termCount];
        int longest = 0;
        for (int t = 0; t < termCount; t++) {
            int[] term = terms.get(t);
            termLength[t] = term.length;
            longest = Math.max(longest, term.length);
            termCategories[t] = cats.get(t).stream().mapToInt(Integer::intValue).toArray();
            termLeftBoundary[t] = TextNormalizer.isWordCodePoint(term[0]);
            termRightBoundary[t] = TextNormalizer.isWordCodePoint(term[term.length - 1]);
        }
        this.maxTermLength = longest;
        this.automaton = b.phonetic ? AutomatonBuilder.build(terms, Homophones.table()) : AutomatonBuilder.build(terms);
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

    /** The evasion spellings this lexicon matches. */
    public Evasions evasions() {
        return evasions;
    }

    /**
     * The companion matcher of the homophone categories ({@link Evasions#homophones()}): their terms, and the
     * allow terms, with every Han character read as the representative of its reading ({@link Homophones});
     * null when no category asks for homophones.
     */
    LexiconMatcher homophones() {
        return homophones;
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
        /** Symbol of the last term character fed to the automaton (0: none or unused by terms). */
        private int lastSymbol;
        private int gapRun;
        private int invisibleRun;
        private boolean prevWord;
        /** Word chars (normalized) of the word that ends with the last term character; meaningful while {@link #prevWord}. */
        private int wordLength;
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
            final char[] classes = automaton.charClass;
            int i = 0;
            while (i < n) {
                if (pendingHigh != 0 || pendingCount != 0) {
                    slowChar(chars[i], classes[chars[i]]);
                    position++;
                    i++;
                    continue;
                }
                int r = quietRun(i, n);
                if (r < 0) {   // char ~r reached a state that reports matches
                    for (int term : automaton.outputsOf(state)) {
                        emit(term, charIndex, position);
                    }
                    i = ~r + 1;
                } else if (r < n) {
                    slowChar(chars[r], classes[chars[r]]);
                    position++;
                    i = r + 1;
                } else {
                    i = n;
                }
            }
        }

        /**
         * The hot path over {@code block[from, n)}, with nothing pending: BMP term and gap chars, on locals.
         * It stops, with the fields in sync, at the first char that needs {@link #slowChar} (returned, not
         * consumed: {@link #position} is its position) or after a char that reaches a state reporting matches
         * (returned as {@code ~index}: {@link #position} is past it). It calls nothing but the automaton's
         * step, so that the JIT compiles the loop without the cold paths, which makes it markedly faster.
         *
         * @return {@code n} when every char was consumed
         */
        private int quietRun(int from, int n) {
            final char[] chars = block;
            final Automaton a = automaton;
            final char[] classes = a.charClass;
            final int[] table = a.table;
            final int[] rootRow = a.dense;   // its first row
            final long[] bigramBits = a.bigrams.bits;
            final int bigramShift = a.bigrams.shift;
            final int[] ringArray = ring;
            final int mask = ringMask;
            final int gapLimit = maxGap;
            final int asciiLimit = a.narrowLimit;
            int st = state;
            int previous = lastSymbol;
            int idx = charIndex;
            int gaps = gapRun;
            int invisibles = invisibleRun;
            boolean word = prevWord;
            int letters = wordLength;
            int pos = position;
            int i = from;
            int stop = n;
            for (; i < n; i++, pos++) {
                int x = classes[chars[i]];
                if (x < TERM_LIMIT) {
                    gaps = 0;
                    invisibles = 0;
                    boolean isWord = (x & WORD_FLAG) != 0;
                    boolean midWord = word && isWord;
                    if (midWord && st == Automaton.ROOT) {
                        // Inside a word with no match under way, none can start before the word ends
                        // (see Automaton.step): skip its remaining letters without the automaton.
                        int last = x;
                        while (i + 1 < n && ((x = classes[chars[i + 1]]) & WORD_CLASS_MASK) == WORD_FLAG) {
                            last = x;
                            i++;
                            pos++;
                        }
                        previous = last & SYMBOL_BITS;
                        continue;
                    }
                    ringArray[++idx & mask] = pos << 1 | (word ? 1 : 0);
                    letters = midWord ? letters + 1 : 1;
                    word = isWord;
                    int sym = x & SYMBOL_BITS;
                    if (sym == 0) {
                        st = 0;
                        previous = 0;
                        continue;
                    }
                    boolean output;
                    // Latin letter pairs nearly all occur in some term: the filter is for the others.
                    // The filter leaves out the pairs after an ASCII letter or digit (mixed pinyin spellings: long门马).
                    if (isWord || (previous != 0 && previous <= asciiLimit)
                            || BigramFilter.mayFollow(bigramBits, bigramShift, previous, sym)) {
                        st = a.step(st, sym, midWord ? letters - 1 : 0, previous <= asciiLimit != sym <= asciiLimit);
                        output = table[st] < 0;   // the failure word with OUTPUT_BIT
                    } else {
                        // What stepping from the root gives; the reference's flag saves reading the state.
                        int ref = rootRow[sym];
                        st = ref & Automaton.OFFSET_MASK;
                        output = ref < 0;
                    }
                    previous = sym;
                    if (output) {
                        stop = ~i;
                        pos++;
                        break;
                    }
                } else if (x == Automaton.CLASS_GAP) {
                    word = false;
                    if (++gaps > gapLimit) {
                        st = 0;
                    }
                } else {
                    stop = i;
                    break;
                }
            }
            state = st;
            lastSymbol = previous;
            charIndex = idx;
            gapRun = gaps;
            invisibleRun = invisibles;
            prevWord = word;
            wordLength = letters;
            position = pos;
            return stop;
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
            if (x < TERM_LIMIT) {
                termChar(x & SYMBOL_BITS, (x & WORD_FLAG) != 0, pos, pos + 1);
            } else if (x == Automaton.CLASS_GAP) {
                gap();
            } else if (x == Automaton.CLASS_INVISIBLE) {
                invisible();
            } else if (Character.isHighSurrogate(c)) {
                pendingHigh = c;
            } else if (Character.isLowSurrogate(c)) {
                gap();   // a lone low surrogate
            } else if (TextNormalizer.fold(c) == TextNormalizer.EXPANDED) {
                String expansion = TextNormalizer.expansion(c);
                for (int k = 0; k < expansion.length(); k++) {
                    char f = expansion.charAt(k);
                    termChar(automaton.symbolOf(f), TextNormalizer.isWordChar(f), pos, pos + 1);
                }
            } else {   // a term character whose symbol is too large for the char class table
                char f = TextNormalizer.fold(c);
                termChar(automaton.symbolOf(f), TextNormalizer.isWordChar(f), pos, pos + 1);
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
            int d = automaton.openDepthOf(state);
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
                    termChar(automaton.symbolOf(f), TextNormalizer.isWordCodePoint(f), start, end);
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
            wordLength = midWord ? wordLength + 1 : 1;
            prevWord = word;
            int previous = lastSymbol;
            lastSymbol = sym;
            if (sym == 0) {
                state = 0;
                return;
            }
            int ascii = automaton.narrowLimit;
            int s = automaton.step(state, sym, midWord ? wordLength - 1 : 0, previous <= ascii != sym <= ascii);
            state = s;
            if (automaton.hasOutput(s)) {
                for (int term : automaton.outputsOf(s)) {
                    emit(term, idx, end);
                }
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
        /** Every term added, normalized, with its category, for the variants. */
        private final List<Map.Entry<String, int[]>> originals = new ArrayList<>();
        private Evasions evasions = Evasions.DEFAULTS;
        /** Whether Han characters are read by sound (the homophone companion). */
        private boolean phonetic;

        private Builder() {
        }

        /** The evasion spellings to match besides the terms themselves (default {@link Evasions#DEFAULTS}). */
        public Builder evasions(Evasions evasions) {
            this.evasions = java.util.Objects.requireNonNull(evasions, "evasions");
            return this;
        }

        /** Gap characters allowed between two term characters, 0..{@value #MAX_MAX_GAP}; default {@value #DEFAULT_MAX_GAP}. */
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
            if (phonetic) {
                normalized = java.util.Arrays.stream(normalized).map(Homophones::canonical).toArray();
            }
            originals.add(Map.entry(category, normalized));
            addNormalized(category, normalized);
            return this;
        }

        private void addNormalized(String category, int[] normalized) {
            int index = ALLOW.equals(category) ? -1
                    : categoryIndex.computeIfAbsent(category, k -> categoryIndex.size());
            terms.computeIfAbsent(new String(normalized, 0, normalized.length), k -> new LinkedHashSet<>(2))
                    .add(index);
        }

        /** Adds a variant spelling of a term of {@code category}, unless it is empty or too long once normalized. */
        private void addVariant(String category, String variant) {
            if (variant == null) {
                return;
            }
            int[] normalized = TextNormalizer.normalizeTerm(variant);
            if (normalized.length > 0 && normalized.length <= MAX_TERM_LENGTH) {
                addNormalized(category, normalized);
            }
        }

        private void addVariants() {
            boolean anyInitials = !evasions.pinyinInitials().isEmpty();
            for (Map.Entry<String, int[]> original : List.copyOf(originals)) {
                String category = original.getKey();
                int[] term = original.getValue();
                boolean allow = ALLOW.equals(category);
                if (evasions.pinyin()) {
                    TermVariants.pinyin(term).forEach(v -> addVariant(category, v));
                }
                if (allow ? anyInitials : evasions.pinyinInitials().contains(category)) {
                    addVariant(category, TermVariants.initials(term));
                }
                if (evasions.rot13()) {
                    addVariant(category, TermVariants.rot13(term));
                }
                addVariant(category, TermVariants.leetL(term));
            }
        }

        /** The companion of the homophone categories, or null. */
        private LexiconMatcher buildHomophones() {
            Builder companion = new Builder().maxGap(maxGap).evasions(Evasions.NONE);
            companion.phonetic = true;
            boolean any = false;
            for (Map.Entry<String, int[]> original : originals) {
                String category = original.getKey();
                boolean chosen = evasions.homophones().contains(category);
                if (chosen || ALLOW.equals(category)) {
                    int[] term = original.getValue();
                    int[] canonical = java.util.Arrays.stream(term).map(Homophones::canonical).toArray();
                    companion.originals.add(Map.entry(category, canonical));
                    companion.addNormalized(category, canonical);
                    any |= chosen;
                }
            }
            return any ? companion.build() : null;
        }

        /** Adds every term of {@code termList} to {@code category}; see {@link #add(String, String)}. */
        public Builder addAll(String category, Iterable<String> termList) {
            for (String term : termList) {
                add(category, term);
            }
            return this;
        }

        /** Compiles the automaton (and the homophone companion, when a category asks for homophones). */
        public LexiconMatcher build() {
            LexiconMatcher homophones = phonetic ? null : buildHomophones();
            if (!phonetic) {
                addVariants();
            }
            return new LexiconMatcher(this, homophones);
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
