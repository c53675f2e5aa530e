package io.aigw.filters.content;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Characters of the same reading: every Han character of the BMP with a known reading maps to one
 * representative of its most common reading with its tone (the lowest code point among the characters whose
 * most common reading it is), so 翻 and 番 (fan1) share one, 正 and 政 (zheng4) another. Computed once,
 * lazily, from {@link PinyinReadings}. Thread-safe.
 */
final class Homophones {

    private Homophones() {
    }

    private static final class Table {
        static final char[] CANONICAL = build();

        private static char[] build() {
            char[] canonical = new char[65536];
            Map<String, Character> first = new HashMap<>();
            for (int c = 0x3400; c < 0xA000; c++) {
                if (!PinyinReadings.isHan(c)) {
                    continue;
                }
                List<String> readings = PinyinReadings.toned(c);
                if (!readings.isEmpty()) {
                    canonical[c] = first.computeIfAbsent(readings.get(0), r -> (char) 0);
                    if (canonical[c] == 0) {
                        first.put(readings.get(0), (char) c);
                        canonical[c] = (char) c;
                    }
                }
            }
            return canonical;
        }
    }

    /** Per normalized BMP char: its representative, or 0 for a char without reading. Do not modify. */
    static char[] table() {
        return Table.CANONICAL;
    }

    /** The representative of {@code cp}, or {@code cp} itself when it has no reading. */
    static int canonical(int cp) {
        if (cp >= 65536) {
            return cp;
        }
        char c = Table.CANONICAL[cp];
        return c == 0 ? cp : c;
    }
}
