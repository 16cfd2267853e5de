package dev.jnn.core.spi;

import dev.jnn.core.Tensor;
import dev.jnn.core.internal.reference.ReferenceKernels;

/** Data movement: strided copies, gathers and scatters. See {@link Backend} for the contract. */
public interface LayoutOps {
    /**
     * Copies {@code src} read through {@code srcStrides} (in elements, from src's offset; 0 repeats)
     * into contiguous {@code out}, whose shape gives the index space. Covers permute, narrow, expand.
     */
    default void stridedCopy(Tensor src, long[] srcStrides, Tensor out) {
        ReferenceKernels.stridedCopy((Backend) this, src, srcStrides, out);
    }

    /**
     * Writes contiguous {@code src} into {@code dst} at the positions given by {@code dstStrides}
     * from {@code dstOffset} elements past dst's offset (used by cat and narrow's gradient).
     */
    default void stridedWrite(Tensor src, Tensor dst, long dstOffset, long[] dstStrides) {
        ReferenceKernels.stridedWrite((Backend) this, src, dst, dstOffset, dstStrides);
    }

    /** {@code out} = the slices of {@code x} along {@code dim} at {@code index} (integer-valued floats). */
    default void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        ReferenceKernels.indexSelect((Backend) this, x, dim, index, out);
    }

    /** In place: {@code out.select(dim, index[i]) += src.select(dim, i)} (indexSelect's gradient). */
    default void indexAdd(Tensor src, int dim, Tensor index, Tensor out) {
        ReferenceKernels.indexAdd((Backend) this, src, dim, index, out);
    }

    /** {@code out[..i..] = x[..index[..i..]..]} along {@code dim}, PyTorch's gather. */
    default void gather(Tensor x, int dim, Tensor index, Tensor out) {
        ReferenceKernels.gather((Backend) this, x, dim, index, out);
    }

    /** In place: {@code out[..index[..i..]..] += src[..i..]} along {@code dim} (gather's gradient). */
    default void scatterAdd(Tensor src, int dim, Tensor index, Tensor out) {
        ReferenceKernels.scatterAdd((Backend) this, src, dim, index, out);
    }
}
