package io.aigw.filters.content;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A one-hash Bloom filter over the pairs of consecutive symbols inside terms. It lets the cursor skip
 * the automaton's state for most characters of Chinese text: the state after reading {@code sym} can
 * be deeper than the root's child on {@code sym} only if its path ends in (previous symbol, {@code sym}),
 * a pair inside some term. When the filter says the pair occurs in no term, the next state is the one
 * reached from the root, whatever the current state was. False positives only cost the ordinary step.
 *
 * <p>Sized to at least 12 bits per distinct pair (a power of two between 2^15 and 2^20 bits, 4 to
 * 128 KiB), so that it stays in the first cache levels. Immutable and thread-safe.
 */
final class BigramFilter {

    private static final int MIN_BITS_LOG = 15;
    /** About 7% false positives; the bits of 20,000 pairs fit in 32 KiB. */
    private static final int BITS_PER_PAIR = 12;
    private static final int MAX_BITS_LOG = 20;

    /** The bits, read by the cursor's hot loop. */
    final long[] bits;
    /** Right shift that turns a 32-bit hash into a bit index. */
    final int shift;

    private BigramFilter(long[] bits, int shift) {
        this.bits = bits;
        this.shift = shift;
    }

    /**
     * The filter of the consecutive pairs of {@code terms}, each term given as its symbols, that end with
     * a symbol the cursor asks about: the others need no bits, which keeps the filter small (the cursor
     * never asks about Latin letters, whose pairs nearly all occur in some term).
     *
     * @param termSymbols the symbols of every term (not null; symbols are positive)
     * @param asked       whether {@link #mayFollow} may be asked about pairs ending with a symbol
     */
    static BigramFilter of(List<int[]> termSymbols, IntPredicate asked) {
        return of(termSymbols, asked, previous -> true);
    }

    /**
     * As {@link #of(List, IntPredicate)}, keeping only the pairs whose first symbol passes {@code askedAfter}
     * (the cursor does not consult the filter after the others: fewer bits, which stay in the first cache level).
     */
    static BigramFilter of(List<int[]> termSymbols, IntPredicate asked, IntPredicate askedAfter) {
        Set<Long> pairs = new HashSet<>();
        for (int[] term : termSymbols) {
            for (int k = 1; k < term.length; k++) {
                if (asked.test(term[k]) && askedAfter.test(term[k - 1])) {
                    pairs.add((long) term[k - 1] << 32 | term[k]);
                }
            }
        }
        int log = MIN_BITS_LOG;
        while (log < MAX_BITS_LOG && (1L << log) < (long) pairs.size() * BITS_PER_PAIR) {
            log++;
        }
        long[] bits = new long[1 << (log - 6)];
        int shift = 32 - log;
        for (long pair : pairs) {
            int h = hash((int) (pair >>> 32), (int) pair) >>> shift;
            bits[h >>> 6] |= 1L << h;
        }
        return new BigramFilter(bits, shift);
    }

    /**
     * Whether {@code sym} after {@code previous} may continue a match deeper than the root's child; only
     * for a {@code sym} the filter was built to be asked about.
     */
    static boolean mayFollow(long[] bits, int shift, int previous, int sym) {
        int h = hash(previous, sym) >>> shift;
        return (bits[h >>> 6] & (1L << h)) != 0;   // the long shift uses h & 63
    }

    private static int hash(int previous, int sym) {
        return (previous * 0x9E3779B1 + sym) * 0x85EBCA6B;
    }
}
