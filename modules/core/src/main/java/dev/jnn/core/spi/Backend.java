package dev.jnn.core.spi;

import dev.jnn.core.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * A compute backend: it owns memory and runs kernels on it.
 *
 * <p>A backend must implement the memory methods declared here. Every kernel family it extends
 * has default methods that run reference kernels in plain Java on host copies of the data; a
 * backend overrides the ones it can do better, so a plugin starts small and grows. The defaults are
 * correct but slow and copy data through the host.
 *
 * <p>Kernel contract: tensors passed in are contiguous (row-major from their offset); outputs are
 * allocated by the caller with the documented shapes and are overwritten, never accumulated into,
 * unless a method says otherwise. Kernels never allocate tensors behind the caller's back.
 * A backend is used from one thread at a time.
 */
public interface Backend extends AutoCloseable, ElementwiseOps, ReductionOps, LayoutOps, MatmulOps,
        ConvolutionOps, PoolingOps, NormalizationOps, LossOps, OptimizerOps {

    /** The id of the provider that created it, e.g. {@code vector}. */
    String name();

    /** One line for users: device, vector width or GPU, threads, library versions. */
    String description();

    /** The number of compute threads it uses (1 for a GPU backend's host side). */
    int threads();

    /** Allocates {@code bytes} bytes of uninitialised memory, from a cache where possible. */
    MemoryBlock allocate(long bytes);

    /** Bytes currently allocated to live blocks (not counting the allocator's cache). */
    long liveBytes();

    /** Copies {@code bytes} bytes from host memory into {@code dst}. */
    void copyFromHost(MemorySegment src, long srcOffset, MemoryBlock dst, long dstOffset, long bytes);

    /** Copies {@code bytes} bytes from {@code src} into host memory. */
    void copyToHost(MemoryBlock src, long srcOffset, MemorySegment dst, long dstOffset, long bytes);

    /**
     * Whether operations return before their work is done (a GPU's queue), so that callers gain by
     * reading results back seldom (the trainer reads losses every few steps then). False for CPU
     * backends, whose operations finish before they return.
     */
    default boolean asynchronous() {
        return false;
    }

    /** Waits until all queued work is done (a no-op for synchronous CPU backends). */
    default void synchronize() {
    }

    /** Frees cached memory and native resources. Tensors of this backend must not be used afterwards. */
    @Override
    void close();
}
