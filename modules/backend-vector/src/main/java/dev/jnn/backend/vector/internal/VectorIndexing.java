package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.ViewMemory.off;
import static dev.jnn.backend.vector.internal.ViewMemory.seg;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.rowGrain;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;

import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.core.Shape;
import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.BinaryOp;
import java.lang.foreign.MemorySegment;

/**
 * Gathers and scatters by integer-valued float indices: indexSelect/indexAdd move whole slices
 * (one memory copy or vector add each), gather/scatterAdd move single elements. Every index is
 * checked before anything is written. The adds run on one thread, since indices may repeat.
 */
final class VectorIndexing {
    private VectorIndexing() {
    }

    /** Checks every index of {@code index} against {@code size}; the message matches the reference's. */
    private static void checkAll(String op, TensorView index, int size) {
        MemorySegment is = seg(index);
        long io = off(index);
        for (long i = 0, n = index.numel(); i < n; i++) {
            float value = get(is, io + i);
            int k = (int) value;
            if (k != value || k < 0 || k >= size) {
                throw new IllegalArgumentException(op + ": index " + value + " is out of range [0, " + size + ")");
            }
        }
    }

    static void indexSelect(TensorView x, int dim, TensorView index, TensorView out, Parallel par) {
        int n = x.size(dim);
        checkAll("indexSelect", index, n);
        long outer = x.shape().outer(dim);
        long inner = x.shape().inner(dim);
        int m = Math.toIntExact(index.numel());
        MemorySegment xs = seg(x), is = seg(index), os = seg(out);
        long xo = off(x), io = off(index), oo = off(out);
        par.forRange(outer * m, rowGrain(inner), (from, to) -> {
            for (long r = from; r < to; r++) {
                long p = r / m;
                int k = (int) get(is, io + r % m);
                MemorySegment.copy(xs, (xo + (p * n + k) * inner) * Float.BYTES, os, (oo + r * inner) * Float.BYTES,
                        inner * Float.BYTES);
            }
        });
    }

    static void indexAdd(TensorView src, int dim, TensorView index, TensorView out) {
        int n = out.size(dim);
        checkAll("indexAdd", index, n);
        long outer = out.shape().outer(dim);
        long inner = out.shape().inner(dim);
        int m = Math.toIntExact(index.numel());
        MemorySegment ss = seg(src), is = seg(index), os = seg(out);
        long so = off(src), io = off(index), oo = off(out);
        for (long p = 0; p < outer; p++) {
            for (int i = 0; i < m; i++) {
                long at = oo + (p * n + (int) get(is, io + i)) * inner;
                VectorBinaryLoops.vv(BinaryOp.ADD, os, at, ss, so + (p * m + i) * inner, os, at, inner);
            }
        }
    }

    static void gather(TensorView x, int dim, TensorView index, TensorView out) {
        checkAll("gather", index, x.size(dim));
        Shape is = index.shape();
        long[] xs = x.shape().strides();
        long inner = is.inner(dim);
        int m = is.size(dim);
        long outer = is.outer(dim);
        MemorySegment xseg = seg(x), iseg = seg(index), oseg = seg(out);
        long xo = off(x), io = off(index), oo = off(out);
        long pos = 0;
        for (long p = 0; p < outer; p++) {
            long xp = xo + offsetOf(is, xs, 0, dim, p);
            for (int j = 0; j < m; j++) {
                for (long q = 0; q < inner; q++, pos++) {
                    long xq = offsetOf(is, xs, dim + 1, is.rank(), q);
                    set(oseg, oo + pos, get(xseg, xp + (long) get(iseg, io + pos) * xs[dim] + xq));
                }
            }
        }
    }

    static void scatterAdd(TensorView src, int dim, TensorView index, TensorView out) {
        checkAll("scatterAdd", index, out.size(dim));
        Shape is = index.shape();
        long[] os = out.shape().strides();
        long[] ss = src.shape().strides();
        long inner = is.inner(dim);
        int m = is.size(dim);
        long outer = is.outer(dim);
        MemorySegment sseg = seg(src), iseg = seg(index), oseg = seg(out);
        long so = off(src), io = off(index), oo = off(out);
        long pos = 0;
        for (long p = 0; p < outer; p++) {
            long op = oo + offsetOf(is, os, 0, dim, p);
            long sp = so + offsetOf(is, ss, 0, dim, p);
            for (int j = 0; j < m; j++) {
                for (long q = 0; q < inner; q++, pos++) {
                    long at = op + (long) get(iseg, io + pos) * os[dim] + offsetOf(is, os, dim + 1, is.rank(), q);
                    float v = get(sseg, sp + j * ss[dim] + offsetOf(is, ss, dim + 1, is.rank(), q));
                    set(oseg, at, get(oseg, at) + v);
                }
            }
        }
    }

    /**
     * The offset, under {@code strides}, of flat position {@code flat} within dimensions
     * {@code [from, to)} of {@code shape} (the index's shape, which may be smaller than the tensor's).
     */
    private static long offsetOf(Shape shape, long[] strides, int from, int to, long flat) {
        long p = 0;
        for (int d = to - 1; d >= from; d--) {
            int len = shape.size(d);
            p += flat % len * strides[d];
            flat /= len;
        }
        return p;
    }
}
