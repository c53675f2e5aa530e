package io.aigw.filters.label;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues the ProduceID of each answer: a version 7 UUID (RFC 9562) in its canonical lower-case
 * form, for example {@code 019ab6f4-6c1e-7a3b-9d2e-5f1a2b3c4d5e}.
 *
 * <p>Layout: 48 bits of Unix milliseconds from the injected {@link Clock}, then the 12-bit
 * {@code rand_a} field used as a counter (RFC 9562 §6.2 method 3 style), then 62 random bits. Ids
 * from one generator are strictly increasing, both as numbers and as strings, even when the clock
 * stands still or steps back: the generator never goes below the last id it issued, and when 4096
 * ids share one millisecond the timestamp field runs ahead of the clock.
 *
 * <p>Thread-safe and lock-free (one CAS loop). Never blocks: the random bits come from
 * {@link ThreadLocalRandom}, not {@code SecureRandom}. ProduceIDs are identifiers, not secrets,
 * so unpredictability is not needed; uniqueness across gateway instances rests on the 62 random
 * bits.
 */
public final class ProduceIdGenerator {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Clock clock;
    /** The last issued {@code unixMillis << 12 | counter}. */
    private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param clock the time source; never null
     */
    public ProduceIdGenerator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The next id: 36 printable ASCII characters, valid as an AIGC value. */
    public String next() {
        long now = clock.millis() << 12;
        long stamp;
        while (true) {
            long prev = last.get();
            stamp = Math.max(now, prev + 1);
            if (last.compareAndSet(prev, stamp)) {
                break;
            }
        }
        long millis = stamp >>> 12;
        long counter = stamp & 0xFFF;
        long msb = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | counter;
        long lsb = ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return format(msb, lsb);
    }

    private static String format(long msb, long lsb) {
        char[] out = new char[36];
        hex(out, 0, msb >>> 32, 8);
        out[8] = '-';
        hex(out, 9, msb >>> 16, 4);
        out[13] = '-';
        hex(out, 14, msb, 4);
        out[18] = '-';
        hex(out, 19, lsb >>> 48, 4);
        out[23] = '-';
        hex(out, 24, lsb, 12);
        return new String(out);
    }

    private static void hex(char[] out, int offset, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[offset + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
