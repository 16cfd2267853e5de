package dev.jnn.core.spi;

/**
 * Data movement: strided copies, gathers and scatters. See {@link Backend} for the contract.
 *
 * <p>The defaults are the reference kernels ({@code LayoutReference}, beside this interface): scalar Java on
 * host copies, correct but slow; a backend overrides what it can do better.
 */
public interface LayoutOps extends MemoryOps {
    /**
     * Copies {@code src} read through {@code srcStrides} (in elements, from src's offset; 0 repeats)
     * into contiguous {@code out}, whose shape gives the index space. Covers permute, narrow, expand.
     */
    default void stridedCopy(TensorView src, long[] srcStrides, TensorView out) {
        LayoutReference.stridedCopy(this, src, srcStrides, out);
    }

    /**
     * Writes contiguous {@code src} into {@code dst} at the positions given by {@code dstStrides}
     * from {@code dstOffset} elements past dst's offset (used by cat and narrow's gradient).
     */
    default void stridedWrite(TensorView src, TensorView dst, long dstOffset, long[] dstStrides) {
        LayoutReference.stridedWrite(this, src, dst, dstOffset, dstStrides);
    }

    /** {@code out} = the slices of {@code x} along {@code dim} at {@code index} (integer-valued floats). */
    default void indexSelect(TensorView x, int dim, TensorView index, TensorView out) {
        LayoutReference.indexSelect(this, x, dim, index, out);
    }

    /** In place: {@code out.select(dim, index[i]) += src.select(dim, i)} (indexSelect's gradient). */
    default void indexAdd(TensorView src, int dim, TensorView index, TensorView out) {
        LayoutReference.indexAdd(this, src, dim, index, out);
    }

    /** {@code out[..i..] = x[..index[..i..]..]} along {@code dim}, PyTorch's gather. */
    default void gather(TensorView x, int dim, TensorView index, TensorView out) {
        LayoutReference.gather(this, x, dim, index, out);
    }

    /** In place: {@code out[..index[..i..]..] += src[..i..]} along {@code dim} (gather's gradient). */
    default void scatterAdd(TensorView src, int dim, TensorView index, TensorView out) {
        LayoutReference.scatterAdd(this, src, dim, index, out);
    }
}
