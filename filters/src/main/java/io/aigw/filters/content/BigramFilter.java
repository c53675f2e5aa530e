package io.aigw.filters.content;

import java.util.List;

/**
 * A one-hash Bloom filter over the pairs of consecutive symbols inside terms. It lets the cursor skip
 * the automaton's state for most characters of Chinese text: the state after reading {@code sym} can
 * be deeper than the root's child on {@code sym} only if its path ends in (previous symbol, {@code sym}),
 * a pair inside some term. When the filter says the pair occurs in no term, the next state is the one
 * reached from the root, whatever the current state was. False positives only cost the ordinary step.
 *
 * <p>Sized to about 16 bits per distinct pair, between 2^16 and 2^20 bits (8 to 128 KiB), so that it
 * stays in the first cache levels. Immutable and thread-safe.
 */
final class BigramFilter {

    private static final int MIN_BITS_LOG = 16;
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
     * The filter of the consecutive pairs of {@code terms}, each term given as its symbols.
     *
     * @param termSymbols the symbols of every term (not null; symbols are positive)
     */
    static BigramFilter of(List<int[]> termSymbols) {
        long pairs = termSymbols.stream().mapToLong(t -> Math.max(0, t.length - 1)).sum();
        int log = MIN_BITS_LOG;
        while (log < MAX_BITS_LOG && (1L << log) < pairs * 16) {
            log++;
        }
        long[] bits = new long[1 << (log - 6)];
        int shift = 32 - log;
        for (int[] term : termSymbols) {
            for (int k = 1; k < term.length; k++) {
                int h = hash(term[k - 1], term[k]) >>> shift;
                bits[h >>> 6] |= 1L << h;
            }
        }
        return new BigramFilter(bits, shift);
    }

    /** Whether {@code sym} after {@code previous} may continue a match deeper than the root's child. */
    static boolean mayFollow(long[] bits, int shift, int previous, int sym) {
        int h = hash(previous, sym) >>> shift;
        return (bits[h >>> 6] & (1L << h)) != 0;   // the long shift uses h & 63
    }

    private static int hash(int previous, int sym) {
        return (previous * 0x9E3779B1 + sym) * 0x85EBCA6B;
    }
}
