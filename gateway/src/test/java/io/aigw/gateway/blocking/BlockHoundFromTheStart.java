package io.aigw.gateway.blocking;

import org.junit.jupiter.api.extension.Extension;
import reactor.blockhound.BlockHound;

/**
 * Installs BlockHound once per test JVM, before the first test class runs: Jupiter creates its
 * autodetected extensions ({@code META-INF/services}, {@code junit.jupiter.extensions.autodetection.enabled})
 * when the engine starts. Installed later (when the first gateway test class loads), BlockHound met
 * Reactor's {@code parallel} workers that an earlier unit test had started, idle in a wait begun before
 * the instrumentation: when a delayed task came, the workers died with {@code IllegalMonitorStateException}
 * and the scheduler stopped, so a test order that put such a unit test first hung. From the start, every
 * test of the module runs under the same rules.
 */
public final class BlockHoundFromTheStart implements Extension {

    public BlockHoundFromTheStart() {
        BlockHound.install();
    }
}
