package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;

import dev.jnn.core.spi.BinaryOp;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Reductions of a row-major matrix: the max along its rows, the sum down its columns. Every sum is
 * taken in an order fixed by the shape, so it is the same on any number of threads.
 */
public final class Reduce {

    private Reduce() {
    }

    /** Max of x[off, off + n) on the calling thread; -infinity when n is 0, NaN if any is NaN. */
    static float max(MemorySegment x, long off, long n) {
        long i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (!Simd.SCALAR && n >= L) {
            FloatVector a = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (long bound = F.loopBound(n); i < bound; i += L) {
                a = a.max(load(x, off + i));
            }
            m = a.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            m = Math.max(m, get(x, off + i));
        }
        return m;
    }

    /** {@code out[r] = max_j x[r, j]} for a rows x cols matrix (-infinity when cols is 0). */
    public static void maxRows(MemorySegment x, long xOff, int rows, int cols, MemorySegment out, long oOff,
                               Parallel par) {
        par.forRange(rows, Simd.rowGrain(cols), (from, to) -> {
            for (long r = from; r < to; r++) {
                set(out, oOff + r, max(x, xOff + r * cols, cols));
            }
        });
    }

    /** {@code out[j] = sum_r x[r, j]} for a rows x cols matrix: a bias gradient. */
    public static void sumColumns(MemorySegment x, long xOff, int rows, int cols, MemorySegment out, long oOff,
                                  Parallel par) {
        int block = 32 * L;
        par.forRange((cols + block - 1) / block, Simd.rowGrain((long) rows * block),
                (from, to) -> {
                    for (long blk = from; blk < to; blk++) {
                        long j0 = blk * block, j1 = Math.min(cols, j0 + block);
                        if (rows == 0) {
                            out.asSlice(4 * (oOff + j0), 4 * (j1 - j0)).fill((byte) 0);
                            continue;
                        }
                        MemorySegment.copy(x, 4 * (xOff + j0), out, 4 * (oOff + j0), 4 * (j1 - j0));
                        for (long r = 1; r < rows; r++) {
                            BinaryLoops.vv(BinaryOp.ADD, out, oOff, x, xOff + r * cols, out, oOff, j0, j1);
                        }
                    }
                });
    }
}
