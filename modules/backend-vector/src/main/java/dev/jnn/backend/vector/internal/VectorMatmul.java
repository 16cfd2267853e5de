package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.ViewMemory.off;
import static dev.jnn.backend.vector.internal.ViewMemory.seg;
import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.rowGrain;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;
import static dev.jnn.backend.vector.internal.kernels.Simd.store;

import dev.jnn.backend.vector.internal.kernels.Binary;
import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.backend.vector.internal.kernels.Sgemm;
import dev.jnn.backend.vector.internal.kernels.Unary;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.UnaryOp;
import java.lang.foreign.MemorySegment;

/** GEMM (2-d, batched 3-d, a shared 2-d operand) and the fully connected layer, on {@link Sgemm}. */
final class VectorMatmul {
    private VectorMatmul() {
    }

    static void gemm(boolean transA, boolean transB, float alpha, TensorView a, TensorView b, float beta, TensorView c, Parallel par) {
        int m = c.size(-2);
        int n = c.size(-1);
        int k = transA ? a.size(-2) : a.size(-1);
        // Leading dimensions of at least 1, as BLAS wants, even when a matrix is empty.
        int lda = Math.max(1, a.size(-1));
        int ldb = Math.max(1, b.size(-1));
        int ldc = Math.max(1, n);
        MemorySegment as = seg(a), bs = seg(b), cs = seg(c);
        long ao = off(a), bo = off(b), co = off(c);
        if (c.rank() == 2) {
            Sgemm.sgemm(transA, transB, m, n, k, alpha, as, ao, lda, bs, bo, ldb, beta, cs, co, ldc, par);
            return;
        }
        int batch = c.size(0);
        if (a.rank() == 3 && b.rank() == 2 && !transA) {
            // [B, m, k] x [k, n]: the batch folds into the rows of one larger product.
            Sgemm.sgemm(false, transB, batch * m, n, k, alpha, as, ao, lda, bs, bo, ldb, beta, cs, co, ldc, par);
            return;
        }
        long strideA = a.rank() == 3 ? (long) a.size(1) * a.size(2) : 0;
        long strideB = b.rank() == 3 ? (long) b.size(1) * b.size(2) : 0;
        Sgemm.sgemmBatched(batch, transA, transB, m, n, k, alpha, as, ao, lda, strideA, bs, bo, ldb, strideB, beta,
                cs, co, ldc, (long) m * n, par);
    }

    /** {@code y = x·wᵀ}, then one pass that adds the bias and applies ReLU together. */
    static void linear(TensorView x, TensorView w, TensorView bias, boolean relu, TensorView y, Parallel par) {
        gemm(false, true, 1f, x, w, 0f, y, par);
        int rows = y.size(0);
        int cols = y.size(1);
        MemorySegment ys = seg(y);
        long yo = off(y);
        if (bias == null) {
            if (relu) Unary.apply(UnaryOp.RELU, ys, yo, ys, yo, y.numel(), par);
            return;
        }
        MemorySegment bs = seg(bias);
        long bo = off(bias);
        if (!relu) {
            Binary.applyRows(BinaryOp.ADD, ys, yo, rows, cols, bs, bo, ys, yo, par);
            return;
        }
        par.forRange(rows, rowGrain(cols), (from, to) -> {
            for (long r = from; r < to; r++) {
                long row = yo + r * cols;
                int j = 0;
                for (int bound = F.loopBound(cols); j < bound; j += L) {
                    store(load(ys, row + j).add(load(bs, bo + j)).max(0f), ys, row + j);
                }
                for (; j < cols; j++) {
                    float v = get(ys, row + j) + get(bs, bo + j);
                    set(ys, row + j, v > 0f ? v : 0f);
                }
            }
        });
    }
}
