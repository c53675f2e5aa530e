package io.aigw.gateway.leak;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The leak reports of this test JVM, collected by {@link RecordingLeakDetector}. Thread-safe.
 *
 * <p>Netty reports a leak lazily: when the leaked buffer has been garbage-collected and a later
 * allocation polls the detector's reference queue. {@link #collect()} forces both.
 */
public final class LeakReports {

    private static final ConcurrentLinkedQueue<String> REPORTS = new ConcurrentLinkedQueue<>();
    private static final int ROUNDS = 3;

    private LeakReports() {
    }

    static void add(String report) {
        REPORTS.add(report);
    }

    /**
     * Whether the recording detector is in place at paranoid level (the surefire {@code argLine} sets
     * both); without it
     * nothing can be collected and a check would pass vacuously.
     */
    public static boolean recording() {
        UnpooledByteBufAllocator.DEFAULT.buffer(1).release(); // Makes sure Netty's buffer detector exists.
        return RecordingLeakDetector.installed() && ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.PARANOID;
    }

    /**
     * Runs the garbage collector and allocates tracked buffers, so that every buffer leaked and no
     * longer reachable is reported; then returns and forgets all reports so far.
     */
    public static List<String> collect() {
        for (int round = 0; round < ROUNDS; round++) {
            System.gc();
            System.runFinalization();
            // Each allocation of a tracked buffer polls the detector's queue and reports what it holds.
            for (int i = 0; i < 16; i++) {
                ByteBuf pooled = PooledByteBufAllocator.DEFAULT.buffer(8);
                pooled.release();
                ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.buffer(8);
                unpooled.release();
            }
        }
        List<String> reports = new ArrayList<>();
        for (String report; (report = REPORTS.poll()) != null; ) {
            reports.add(report);
        }
        return reports;
    }
}
