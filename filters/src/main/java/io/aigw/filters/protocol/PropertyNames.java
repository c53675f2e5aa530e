package io.aigw.filters.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The property names seen in each JSON object still open while a request is read, for rejecting
 * duplicate keys at any depth. Each name is kept as a 64-bit hash keyed with a per-process random seed
 * in an open-addressing table: 16 bytes per name at most, where Jackson's own duplicate detector keeps a
 * {@code String} in a {@code HashSet} (~75 bytes per name, measured: ~60 MB for a 9.5 MB object of
 * 800,000 short keys). Two different names with the same hash (odds ~n²/2⁶⁵) would be reported as a
 * duplicate: a rejected request, never a duplicate let through. The seed keeps clients from crafting
 * names that collide in the table. Not thread-safe: one request at a time.
 */
final class PropertyNames {

    /** Tables above this size are dropped when their object ends, not cleared for the next one. */
    private static final int KEEP_CAPACITY = 64;

    private final long seed;
    private final List<long[]> tables = new ArrayList<>();
    private int[] sizes = new int[8];
    private int depth;

    /** @param seed the hash key: random per process, see {@link RequestCodec} */
    PropertyNames(long seed) {
        this.seed = seed;
    }

    /** Starts a new object. */
    void enter() {
        if (tables.size() == depth) {
            tables.add(new long[8]);
            if (sizes.length == depth) {
                sizes = Arrays.copyOf(sizes, depth * 2);
            }
        }
        depth++;
    }

    /** Ends the innermost object. */
    void exit() {
        depth--;
        long[] table = tables.get(depth);
        if (table.length > KEEP_CAPACITY) {
            tables.set(depth, new long[8]);
        } else if (sizes[depth] > 0) {
            Arrays.fill(table, 0L);
        }
        sizes[depth] = 0;
    }

    /** Adds {@code name} to the innermost object; returns false when it was already there. */
    boolean add(String name) {
        long hash = hash(name);
        int at = depth - 1;
        long[] table = tables.get(at);
        int size = sizes[at];
        if ((size + 1) * 2 > table.length) {
            table = grow(table);
            tables.set(at, table);
        }
        if (!insert(table, hash)) {
            return false;
        }
        sizes[at] = size + 1;
        return true;
    }

    private static boolean insert(long[] table, long hash) {
        int mask = table.length - 1;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            if (table[i] == 0L) {
                table[i] = hash;
                return true;
            }
            if (table[i] == hash) {
                return false;
            }
        }
    }

    private static long[] grow(long[] table) {
        long[] bigger = new long[table.length * 2];
        for (long hash : table) {
            if (hash != 0L) {
                insert(bigger, hash);
            }
        }
        return bigger;
    }

    /** FNV-1a over the UTF-16 units from the seed, then MurmurHash3's finalizer; never 0 (the empty slot). */
    private long hash(String name) {
        long h = seed;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001b3L;
        }
        h ^= name.length();
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0L ? 1L : h;
    }
}
