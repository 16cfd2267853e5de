package dev.jnn.data.fuzz;

import java.lang.reflect.Method;

/**
 * Bytes allocated on the Java heap by the current thread, from HotSpot's
 * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()}.
 *
 * <p>Unlike {@code totalMemory() - freeMemory()} this counts every allocation of this thread, is
 * unaffected by other threads and by the garbage collector, and so bounds what a reader allocates
 * for one input. It is reached by reflection because dev.jnn.data does not read
 * {@code java.management} (core reflection needs no readability edge, only an exported package).
 *
 * <p>Kept in step with its twin: one copy each in {@code dev.jnn.data.fuzz} and
 * {@code dev.jnn.nn.safetensors.fuzz} (see {@link MutationFuzzer} for why).
 */
final class AllocationMeter {
    private static final Object BEAN;
    private static final Method ALLOCATED;

    static {
        try {
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            BEAN = factory.getMethod("getThreadMXBean").invoke(null);
            Class<?> hotspot = Class.forName("com.sun.management.ThreadMXBean");
            ALLOCATED = hotspot.getMethod("getCurrentThreadAllocatedBytes");
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("the fuzz tests need HotSpot's per-thread allocation counter: " + e);
        }
    }

    private AllocationMeter() {}

    /** Bytes this thread has allocated since it started; only differences are meaningful. */
    static long allocatedBytes() {
        try {
            return (long) ALLOCATED.invoke(BEAN);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("getCurrentThreadAllocatedBytes failed", e);
        }
    }
}
