package dev.jnn.testing;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated on the Java heap by the current thread, from HotSpot's
 * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()}.
 *
 * <p>Unlike {@code totalMemory() - freeMemory()} this counts every allocation of this thread, is
 * unaffected by other threads and by the garbage collector, and so bounds what a reader allocates
 * for one input.
 */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean BEAN =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {
    }

    /** Bytes this thread has allocated since it started; only differences are meaningful. */
    public static long allocatedBytes() {
        return BEAN.getCurrentThreadAllocatedBytes();
    }
}
