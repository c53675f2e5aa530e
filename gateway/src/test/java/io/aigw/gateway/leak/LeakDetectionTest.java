package io.aigw.gateway.leak;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves that the test JVM's leak check catches a leaked buffer (and then forgets it, so the build passes). */
class LeakDetectionTest {

    @Test
    void theBuildRunsWithTheRecordingDetectorAtParanoid() {
        assertThat(LeakReports.recording()).as("surefire argLine sets the paranoid recording detector").isTrue();
    }

    @Test
    void aLeakedBufferIsReportedWithWhereItWasAllocated() {
        LeakReports.collect(); // Earlier reports belong to other classes: FailOnLeakExtension judged them already.
        leakOneBuffer();
        List<String> reports = LeakReports.collect();
        assertThat(reports).anySatisfy(report -> assertThat(report)
                .startsWith("LEAK: ByteBuf.release() was not called")
                .contains("LeakDetectionTest.leakOneBuffer"));
    }

    private static void leakOneBuffer() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(64);
        buffer.writeLong(42);
        // No release: the buffer becomes unreachable here.
    }
}
