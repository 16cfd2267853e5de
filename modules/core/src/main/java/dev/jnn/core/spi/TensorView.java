package dev.jnn.core.spi;

import dev.jnn.core.Shape;
import java.lang.foreign.MemorySegment;

/**
 * What a kernel sees of a tensor: a contiguous, row-major window of a backend's memory.
 *
 * <p>Kernels take views, not {@code dev.jnn.core.Tensor}s, so that the SPI does not depend on the
 * tensor type that calls it: a tensor is a view (it implements this interface), and so is anything
 * a backend or test builds over a {@link MemoryBlock}. Only {@link Shape}, a value type with no
 * dependencies of its own, comes from {@code dev.jnn.core}.
 */
public interface TensorView {
    /** The shape; the view holds {@code shape().numel()} floats. */
    Shape shape();

    /** The backend memory the view is a window onto. */
    MemoryBlock block();

    /** The offset of the first element in {@link #block()}, in elements (floats). */
    long offset();

    /** The number of elements. */
    default long numel() {
        return shape().numel();
    }

    /** The size of dimension {@code dim} (negative counts from the end). */
    default int size(int dim) {
        return shape().size(dim);
    }

    /** The number of dimensions. */
    default int rank() {
        return shape().rank();
    }

    /**
     * The view's host memory, for CPU backends: a slice of {@link #block()}'s segment from
     * {@link #offset()} that covers exactly {@link #numel()} floats.
     *
     * @throws IllegalStateException if the memory is a device's
     */
    default MemorySegment segment() {
        MemoryBlock b = block();
        if (!b.hostAccessible()) throw new IllegalStateException("device memory has no host segment");
        return b.segment().asSlice(offset() * Float.BYTES, numel() * Float.BYTES);
    }
}
