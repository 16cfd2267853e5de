package dev.jnn.core.spi;

/**
 * A compute backend: it owns memory and runs kernels on it.
 *
 * <p>A backend must implement its identity (declared here) and its memory ({@link MemoryOps}).
 * Every kernel family it extends has default methods that run reference kernels in plain Java on
 * host copies of the data; a backend overrides the ones it can do better, so a plugin starts small
 * and grows. The defaults are correct but slow and copy data through the host.
 *
 * <p>Kernel contract: the {@link TensorView}s passed in are contiguous (row-major from their offset); outputs are
 * allocated by the caller with the documented shapes and are overwritten, never accumulated into,
 * unless a method says otherwise. Kernels never allocate tensors behind the caller's back.
 * A backend is used from one thread at a time.
 */
public interface Backend extends AutoCloseable, MemoryOps, ElementwiseOps, ReductionOps, LayoutOps, MatmulOps,
        ConvolutionOps, PoolingOps, NormalizationOps, LossOps, OptimizerOps {

    /** The id of the provider that created it, e.g. {@code vector}. */
    String name();

    /** One line for users: device, vector width or GPU, threads, library versions. */
    String description();

    /** The number of compute threads it uses (1 for a GPU backend's host side). */
    int threads();

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
