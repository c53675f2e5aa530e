package io.aigw.gateway.leak;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's leak detector, which also hands every report to {@link LeakReports}. Installed for every
 * detector Netty creates by the surefire system property
 * {@code io.netty.customResourceLeakDetector=io.aigw.gateway.leak.RecordingLeakDetector} (with
 * {@code io.netty.leakDetection.level=paranoid}), so the reports reach the tests whatever Spring Boot
 * does to the logging configuration. Reports are still logged as usual.
 *
 * @param <T> the tracked resource type
 */
public class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    private static volatile boolean installed;

    /** The constructor Netty's detector factory looks up reflectively (and requires). */
    @SuppressWarnings("StaticAssignmentInConstructor") // Netty makes the instances; the flag is how a test learns it did
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        installed = true;
    }

    /** The other constructor Netty's detector factory may call reflectively. */
    @SuppressWarnings("StaticAssignmentInConstructor") // as above
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
        installed = true;
    }

    /** Whether Netty created at least one detector of this class. */
    static boolean installed() {
        return installed;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LeakReports.add("LEAK: " + resourceType + ".release() was not called before it's garbage-collected." + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LeakReports.add("LEAK: " + resourceType + ".release() was not called before it's garbage-collected (untraced).");
        super.reportUntracedLeak(resourceType);
    }
}
