package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.INT;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Sum and max reductions: along the last dimension of a row-major matrix, down its columns, per
 * NCHW channel, and over all elements. Every result is summed in an order fixed by the shape, so
 * it is the same on any number of threads.
 */
public final class Reduce {

    /** Elements summed per partial in {@link #sumAll}: fixed, so the result ignores the thread count. */
    static final int CHUNK = 1 << 16;

    private Reduce() {
    }

    /** Sum of x[off, off + n) on the calling thread: vector lanes, then the scalar tail. */
    static float sum(MemorySegment x, long off, long n) {
        long i = 0;
        float s = 0f;
        if (!Simd.SCALAR && n >= L) {
            FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F);
            for (long bound = F.loopBound(n) - L; i < bound; i += 2L * L) {
                a0 = a0.add(load(x, off + i));
                a1 = a1.add(load(x, off + i + L));
            }
            for (long bound = F.loopBound(n); i < bound; i += L) {
                a0 = a0.add(load(x, off + i));
            }
            s = Simd.sumLanes(a0.add(a1));
        }
        for (; i < n; i++) {
            s += get(x, off + i);
        }
        return s;
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

    /** {@code out[r] = sum_j x[r, j]} for a rows x cols matrix. */
    public static void sumRows(MemorySegment x, long xOff, int rows, int cols, MemorySegment out, long oOff,
                               Parallel par) {
        par.forRange(rows, Math.max(1, Unary.GRAIN / Math.max(1, cols)), (from, to) -> {
            for (long r = from; r < to; r++) {
                set(out, oOff + r, sum(x, xOff + r * cols, cols));
            }
        });
    }

    /** {@code out[r] = max_j x[r, j]} for a rows x cols matrix (-infinity when cols is 0). */
    public static void maxRows(MemorySegment x, long xOff, int rows, int cols, MemorySegment out, long oOff,
                               Parallel par) {
        par.forRange(rows, Math.max(1, Unary.GRAIN / Math.max(1, cols)), (from, to) -> {
            for (long r = from; r < to; r++) {
                set(out, oOff + r, max(x, xOff + r * cols, cols));
            }
        });
    }

    /** {@code out[r] = the first j with x[r, j] maximal} (an int), for a rows x cols matrix, cols >= 1. */
    public static void argmaxRows(MemorySegment x, long xOff, int rows, int cols, MemorySegment out, long oOff,
                                  Parallel par) {
        if (cols < 1) {
            throw new IllegalArgumentException("argmax needs at least one column, got " + cols);
        }
        par.forRange(rows, Math.max(1, Unary.GRAIN / cols), (from, to) -> {
            for (long r = from; r < to; r++) {
                long base = xOff + r * cols;
                float m = max(x, base, cols);
                int j = 0;
                while (j < cols - 1 && !(get(x, base + j) == m || Float.isNaN(get(x, base + j)))) {
                    j++;
                }
                out.setAtIndex(INT, oOff + r, j);
            }
        });
    }

    /** {@code out[j] = sum_r x[r, j]} for a rows x cols matrix: a bias gradient. */
    public static void sumColumns(MemorySegment x, long xOff, int rows, int cols, MemorySegment out, long oOff,
                                  Parallel par) {
        int block = 32 * L;
        par.forRange((cols + block - 1) / block, Math.max(1, Unary.GRAIN / Math.max(1, (long) rows * block)),
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

    /** {@code out[c] = sum over n and the hw pixels of x[n, c, :]} for NCHW (hw = H*W; 1 for NC). */
    public static void sumChannels(MemorySegment x, long xOff, int n, int c, int hw, MemorySegment out, long oOff,
                                   Parallel par) {
        par.forRange(c, Math.max(1, Unary.GRAIN / Math.max(1, (long) n * hw)), (from, to) -> {
            for (long ch = from; ch < to; ch++) {
                float s = 0f;
                for (long b = 0; b < n; b++) {
                    s += sum(x, xOff + (b * c + ch) * hw, hw);
                }
                set(out, oOff + ch, s);
            }
        });
    }

    /** The sum of x[xOff, xOff + n): fixed chunks of {@value #CHUNK} summed in float, then in double. */
    public static float sumAll(MemorySegment x, long xOff, long n, Parallel par) {
        long chunks = (n + CHUNK - 1) / CHUNK;
        if (chunks <= 1) {
            return sum(x, xOff, n);
        }
        MemorySegment partial = Scratch.floats(Scratch.PARTIALS, chunks);
        par.forRange(chunks, 1, (from, to) -> {
            for (long c = from; c < to; c++) {
                long lo = c * CHUNK;
                set(partial, c, sum(x, xOff + lo, Math.min(n, lo + CHUNK) - lo));
            }
        });
        double s = 0;
        for (long c = 0; c < chunks; c++) {
            s += get(partial, c);
        }
        return (float) s;
    }

    /** The max of x[xOff, xOff + n); -infinity when n is 0, NaN if any element is NaN. */
    public static float maxAll(MemorySegment x, long xOff, long n, Parallel par) {
        long chunks = (n + CHUNK - 1) / CHUNK;
        if (chunks <= 1) {
            return max(x, xOff, n);
        }
        MemorySegment partial = Scratch.floats(Scratch.PARTIALS, chunks);
        par.forRange(chunks, 1, (from, to) -> {
            for (long c = from; c < to; c++) {
                long lo = c * CHUNK;
                set(partial, c, max(x, xOff + lo, Math.min(n, lo + CHUNK) - lo));
            }
        });
        return max(partial, 0, chunks);
    }
}
