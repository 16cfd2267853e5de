package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.ViewMemory.off;
import static dev.jnn.backend.vector.internal.ViewMemory.seg;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;

import dev.jnn.backend.vector.internal.kernels.Blas1;
import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.backend.vector.internal.kernels.Reduce;
import dev.jnn.core.Shape;
import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.BinaryOp;
import java.lang.foreign.MemorySegment;

/**
 * Sums a tensor down to a shape that broadcasts to it (the gradient of a broadcast). The
 * dimensions are collapsed into alternating runs that are kept or summed; the common patterns
 * then run as one kernel: [summed, kept] sums columns (a bias gradient), [kept, summed] sums rows,
 * [summed, kept, summed] sums per channel (NCHW); anything else runs a serial row loop.
 */
final class VectorSumToShape {
    private VectorSumToShape() {
    }

    static void sumToShape(TensorView x, TensorView out, Parallel par) {
        MemorySegment xs = seg(x), os = seg(out);
        long xo = off(x), oo = off(out);
        if (out.numel() == x.numel()) {
            VectorElementwise.copy(x, out);
            return;
        }
        if (out.numel() == 1) {
            set(os, oo, VectorReductions.sumAll(xs, xo, x.numel(), par));
            return;
        }
        Shape s = x.shape();
        long[] os0 = out.shape().broadcastStrides(s);
        // Runs of dimensions: sizes and whether out keeps them; size-1 dimensions are dropped.
        long[] size = new long[s.rank()];
        boolean[] kept = new boolean[s.rank()];
        int r = 0;
        for (int d = 0; d < s.rank(); d++) {
            if (s.size(d) == 1) continue;
            boolean k = os0[d] != 0;
            if (r > 0 && kept[r - 1] == k) {
                size[r - 1] *= s.size(d);
            } else {
                size[r] = s.size(d);
                kept[r] = k;
                r++;
            }
        }
        if (r == 2 && !kept[0]) {
            Reduce.sumColumns(xs, xo, Math.toIntExact(size[0]), Math.toIntExact(size[1]), os, oo, par);
        } else if (r == 2) {
            VectorReductions.sumRows(xs, xo, size[0], Math.toIntExact(size[1]), os, oo, par);
        } else if (r == 3 && !kept[0]) {
            VectorReductions.sumChannels(xs, xo, size[0], Math.toIntExact(size[1]), Math.toIntExact(size[2]), os, oo, par);
        } else {
            general(xs, xo, size, kept, r, os, oo, out.numel(), par);
        }
    }

    /** Zeroes out, then adds each innermost run of x into it, row after row on one thread. */
    private static void general(MemorySegment xs, long xo, long[] size, boolean[] kept, int r, MemorySegment os, long oo,
                                long outNumel, Parallel par) {
        Blas1.fill(outNumel, 0f, os, oo, par);
        long[] stride = new long[r];
        long st = 1;
        for (int d = r - 1; d >= 0; d--) {
            stride[d] = kept[d] ? st : 0;
            if (kept[d]) st *= size[d];
        }
        long inner = size[r - 1];
        boolean innerKept = kept[r - 1];
        long rows = 1;
        for (int d = 0; d < r - 1; d++) rows *= size[d];
        for (long row = 0; row < rows; row++) {
            long po = oo;
            long rest = row;
            for (int d = r - 2; d >= 0; d--) {
                po += rest % size[d] * stride[d];
                rest /= size[d];
            }
            long px = xo + row * inner;
            if (innerKept) {
                VectorBinaryLoops.vv(BinaryOp.ADD, os, po, xs, px, os, po, inner);
            } else {
                float acc = 0f;
                for (long i = 0; i < inner; i++) acc += get(xs, px + i);
                set(os, po, get(os, po) + acc);
            }
        }
    }
}
