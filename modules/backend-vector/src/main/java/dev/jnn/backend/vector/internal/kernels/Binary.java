package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;
import static dev.jnn.backend.vector.internal.kernels.Simd.store;

import dev.jnn.core.spi.BinaryOp;
import java.lang.foreign.MemorySegment;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import jdk.incubator.vector.FloatVector;

/**
 * Element-wise binary operators ({@link #OPS}) with the broadcasts a training step needs: same
 * length, a scalar on either side, a row vector over the rows of a matrix (bias add), and one value
 * per row (column-wise, e.g. a per-channel value over the H*W plane of NCHW). The output may alias
 * x. Each method throws {@link IllegalArgumentException} for an op not in {@link #OPS}.
 */
public final class Binary {

    /** The ops with a loop here. */
    public static final Set<BinaryOp> OPS = Collections.unmodifiableSet(
            EnumSet.of(BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAX, BinaryOp.MIN));

    private Binary() {
    }

    private static void require(BinaryOp op) {
        if (!OPS.contains(op)) {
            throw new IllegalArgumentException("no binary kernel for " + op);
        }
    }

    /** {@code out[i] = x[i] op y[i]} for i in [0, n). */
    public static void apply(BinaryOp op, MemorySegment x, long xOff, MemorySegment y, long yOff,
                             MemorySegment out, long oOff, long n, Parallel par) {
        require(op);
        par.forElements(n, (from, to) -> BinaryLoops.vv(op, x, xOff, y, yOff, out, oOff, from, to));
    }

    /** {@code out[i] = x[i] op s} for i in [0, n). */
    public static void applyScalar(BinaryOp op, MemorySegment x, long xOff, float s, MemorySegment out, long oOff,
                                   long n, Parallel par) {
        require(op);
        par.forElements(n, (from, to) -> BinaryLoops.vs(op, x, xOff, s, out, oOff, from, to));
    }

    /** {@code out[i] = s op x[i]} for i in [0, n): the scalar on the left (matters for SUB and DIV). */
    public static void applyScalarLeft(BinaryOp op, float s, MemorySegment x, long xOff, MemorySegment out,
                                       long oOff, long n, Parallel par) {
        require(op);
        if (op != BinaryOp.SUB && op != BinaryOp.DIV) {
            applyScalar(op, x, xOff, s, out, oOff, n, par);  // commutative
            return;
        }
        boolean sub = op == BinaryOp.SUB;
        par.forElements(n, (from, to) -> {
            long i = from;
            if (!Simd.SCALAR) {
                FloatVector vs = FloatVector.broadcast(F, s);
                for (long bound = from + F.loopBound(to - from); i < bound; i += L) {
                    FloatVector a = load(x, xOff + i);
                    store(sub ? vs.sub(a) : vs.div(a), out, oOff + i);
                }
            }
            for (; i < to; i++) {
                float a = get(x, xOff + i);
                set(out, oOff + i, sub ? s - a : s / a);
            }
        });
    }

    /**
     * {@code out[i, j] = x[i, j] op y[j]}: a row vector of length {@code cols} broadcast over the
     * {@code rows} rows of a row-major matrix (a bias add when op is ADD).
     */
    public static void applyRows(BinaryOp op, MemorySegment x, long xOff, int rows, int cols, MemorySegment y,
                                 long yOff, MemorySegment out, long oOff, Parallel par) {
        require(op);
        par.forRange(rows, Simd.rowGrain(cols), (from, to) -> {
            for (long r = from; r < to; r++) {
                BinaryLoops.vv(op, x, xOff + r * cols, y, yOff, out, oOff + r * cols, 0, cols);
            }
        });
    }

    /**
     * {@code out[i, j] = x[i, j] op y[i % yLen]}: one value per row of a {@code rows x cols}
     * matrix. With rows = N*C, cols = H*W and yLen = C this broadcasts a per-channel value over NCHW.
     */
    public static void applyColumns(BinaryOp op, MemorySegment x, long xOff, int rows, int cols, MemorySegment y,
                                    long yOff, int yLen, MemorySegment out, long oOff, Parallel par) {
        require(op);
        if (yLen < 1) {
            throw new IllegalArgumentException("column broadcast needs at least one value, got yLen=" + yLen);
        }
        par.forRange(rows, Simd.rowGrain(cols), (from, to) -> {
            for (long r = from; r < to; r++) {
                float s = get(y, yOff + r % yLen);
                BinaryLoops.vs(op, x, xOff + r * cols, s, out, oOff + r * cols, 0, cols);
            }
        });
    }
}
