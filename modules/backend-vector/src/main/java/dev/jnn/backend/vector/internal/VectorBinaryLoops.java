package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;
import static dev.jnn.backend.vector.internal.kernels.Simd.store;

import dev.jnn.core.spi.BinaryOp;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Loops of every SPI binary operator on one thread: vector op vector, vector op scalar and scalar op
 * vector. The kernels package has faster per-operator loops for ADD..MIN; these cover the rest (POW,
 * the comparisons) and the general broadcast. POW runs scalar so that it matches
 * {@link BinaryOp#apply} exactly.
 */
final class VectorBinaryLoops {
    private VectorBinaryLoops() {
    }

    /** {@code out[o+i] = a[ao+i] op b[bo+i]} for i in [0, n). */
    static void vv(BinaryOp op, MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment out, long oo, long n) {
        long i = 0;
        if (op != BinaryOp.POW) {
            for (long bound = F.loopBound(n); i < bound; i += L) {
                storeLanes(op, load(a, ao + i), load(b, bo + i), out, oo + i);
            }
        }
        for (; i < n; i++) set(out, oo + i, op.apply(get(a, ao + i), get(b, bo + i)));
    }

    /** {@code out[o+i] = a[ao+i] op s} for i in [0, n). */
    static void vs(BinaryOp op, MemorySegment a, long ao, float s, MemorySegment out, long oo, long n) {
        long i = 0;
        if (op != BinaryOp.POW) {
            FloatVector vs = FloatVector.broadcast(F, s);
            for (long bound = F.loopBound(n); i < bound; i += L) {
                storeLanes(op, load(a, ao + i), vs, out, oo + i);
            }
        }
        for (; i < n; i++) set(out, oo + i, op.apply(get(a, ao + i), s));
    }

    /** {@code out[o+i] = s op b[bo+i]} for i in [0, n). */
    static void sv(BinaryOp op, float s, MemorySegment b, long bo, MemorySegment out, long oo, long n) {
        long i = 0;
        if (op != BinaryOp.POW) {
            FloatVector vs = FloatVector.broadcast(F, s);
            for (long bound = F.loopBound(n); i < bound; i += L) {
                storeLanes(op, vs, load(b, bo + i), out, oo + i);
            }
        }
        for (; i < n; i++) set(out, oo + i, op.apply(s, get(b, bo + i)));
    }

    /**
     * Stores {@code a op b} lane-wise at float offset {@code at} (comparisons give 1 or 0). Each case
     * stores its own result: a vector chosen by a switch and stored after it would merge several
     * vectors into one value, which the JIT boxes.
     */
    private static void storeLanes(BinaryOp op, FloatVector a, FloatVector b, MemorySegment out, long at) {
        switch (op) {
            case ADD -> store(a.add(b), out, at);
            case SUB -> store(a.sub(b), out, at);
            case MUL -> store(a.mul(b), out, at);
            case DIV -> store(a.div(b), out, at);
            case MAX -> store(a.max(b), out, at);
            case MIN -> store(a.min(b), out, at);
            case EQ -> store(flag(a.compare(VectorOperators.EQ, b)), out, at);
            case NE -> store(flag(a.compare(VectorOperators.NE, b)), out, at);
            case LT -> store(flag(a.compare(VectorOperators.LT, b)), out, at);
            case LE -> store(flag(a.compare(VectorOperators.LE, b)), out, at);
            case GT -> store(flag(a.compare(VectorOperators.GT, b)), out, at);
            case GE -> store(flag(a.compare(VectorOperators.GE, b)), out, at);
            case POW -> throw new AssertionError("POW runs scalar, as BinaryOp.apply: lane-wise POW rounds by JIT tier");
            default -> throw new IllegalArgumentException("no binary kernel for " + op);
        }
    }

    private static FloatVector flag(jdk.incubator.vector.VectorMask<Float> m) {
        return FloatVector.zero(F).blend(1f, m);
    }
}
