package io.aigw.gateway.leak;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a buffer leak while or before it ran. Registered for every
 * test class through {@code META-INF/services} and {@code junit.jupiter.extensions.autodetection.enabled}
 * (src/test/resources/junit-platform.properties). The report includes Netty's access records, which
 * name where the buffer was created and last touched: a leak is found after the class that caused it
 * at the latest, since reports wait for the garbage collector.
 */
public final class FailOnLeakExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        if (!LeakReports.recording()) {
            return;
        }
        List<String> reports = LeakReports.collect();
        if (!reports.isEmpty()) {
            throw new AssertionError(reports.size() + " Netty buffer leak(s) reported by the end of "
                    + context.getDisplayName() + ":\n" + String.join("\n\n", reports));
        }
    }
}
