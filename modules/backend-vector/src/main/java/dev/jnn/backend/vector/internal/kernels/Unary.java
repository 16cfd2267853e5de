package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;
import static dev.jnn.backend.vector.internal.kernels.Simd.store;

import dev.jnn.core.spi.UnaryOp;
import java.lang.foreign.MemorySegment;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import jdk.incubator.vector.FloatVector;

/**
 * Element-wise unary functions {@code y[i] = f(x[i])} over {@code n} floats, for the ops in
 * {@link #OPS}; x and y may be the same memory (in place). One loop per function, so nothing is
 * dispatched per element.
 */
public final class Unary {

    /**
     * The ops with a loop here: those whose lane-wise result is exact, so the same in every JIT
     * tier. The transcendental ones are not here: the Vector API's lane-wise EXP, LOG and TANH round
     * differently in compiled and interpreted code.
     */
    public static final Set<UnaryOp> OPS = Collections.unmodifiableSet(
            EnumSet.of(UnaryOp.NEG, UnaryOp.SQRT, UnaryOp.ABS, UnaryOp.SQUARE, UnaryOp.RELU));

    private Unary() {
    }

    /**
     * {@code y[yOff + i] = op(x[xOff + i])} for i in [0, n).
     *
     * @throws IllegalArgumentException if {@code op} is not in {@link #OPS}
     */
    public static void apply(UnaryOp op, MemorySegment x, long xOff, MemorySegment y, long yOff, long n,
                             Parallel par) {
        if (!OPS.contains(op)) {
            throw new IllegalArgumentException("no unary kernel for " + op);
        }
        par.forElements(n, (from, to) -> {
            if (Simd.SCALAR) {
                applyScalar(op, x, xOff, y, yOff, from, to);
            } else {
                applyVector(op, x, xOff, y, yOff, from, to);
            }
        });
    }

    /** The vector path over [from, to), with a scalar tail. */
    static void applyVector(UnaryOp op, MemorySegment x, long xOff, MemorySegment y, long yOff,
                            long from, long to) {
        long i = from;
        long bound = from + F.loopBound(to - from);
        switch (op) {
            case NEG -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, xOff + i);
                    store(v.neg(), y, yOff + i);
                }
            }
            case SQRT -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, xOff + i);
                    store(v.sqrt(), y, yOff + i);
                }
            }
            case RELU -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, xOff + i);
                    store(v.max(0f), y, yOff + i);
                }
            }
            case ABS -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, xOff + i);
                    store(v.abs(), y, yOff + i);
                }
            }
            case SQUARE -> {
                for (; i < bound; i += L) {
                    FloatVector v = load(x, xOff + i);
                    store(v.mul(v), y, yOff + i);
                }
            }
            default -> throw new IllegalArgumentException("no unary kernel for " + op);
        }
        applyScalar(op, x, xOff, y, yOff, i, to);
    }

    /** The scalar twin over [from, to). */
    static void applyScalar(UnaryOp op, MemorySegment src, long xOff, MemorySegment y, long yOff,
                            long from, long to) {
        switch (op) {
            case NEG -> {
                for (long i = from; i < to; i++) {
                    float x = get(src, xOff + i);
                    set(y, yOff + i, -x);
                }
            }
            case SQRT -> {
                for (long i = from; i < to; i++) {
                    float x = get(src, xOff + i);
                    set(y, yOff + i, (float) Math.sqrt(x));
                }
            }
            case RELU -> {
                for (long i = from; i < to; i++) {
                    float x = get(src, xOff + i);
                    set(y, yOff + i, Math.max(x, 0f));
                }
            }
            case ABS -> {
                for (long i = from; i < to; i++) {
                    float x = get(src, xOff + i);
                    set(y, yOff + i, Math.abs(x));
                }
            }
            case SQUARE -> {
                for (long i = from; i < to; i++) {
                    float x = get(src, xOff + i);
                    set(y, yOff + i, x * x);
                }
            }
            default -> throw new IllegalArgumentException("no unary kernel for " + op);
        }
    }
}
