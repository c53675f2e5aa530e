package io.aigw.gateway.blocking;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets Netty 4.2's adaptive buffer allocator return a buffer to its magazine on an event loop. The
 * magazine takes a {@code StampedLock} write lock for a few instructions when a buffer freed on one
 * thread belongs to another thread's magazine; Netty's own BlockHound integration does not list it
 * yet (netty/netty#14564 allowed the allocator's other paths; line/armeria#6344 treats this one as
 * a false positive too). Registered for every {@code BlockHound.install()} in the tests through
 * {@code META-INF/services}; everything else stays forbidden on non-blocking threads.
 */
public final class NettyAllocatorBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
    }
}
