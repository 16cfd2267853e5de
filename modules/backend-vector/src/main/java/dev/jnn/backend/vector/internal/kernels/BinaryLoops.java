package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;
import static dev.jnn.backend.vector.internal.kernels.Simd.store;

import dev.jnn.core.spi.BinaryOp;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * The loops of the element-wise binary operators: {@code out = x op y} with y a same-length
 * array ({@code vv}) or one scalar ({@code vs}). {@link Binary} builds broadcasting on these.
 */
final class BinaryLoops {

    private BinaryLoops() {
    }

    /** {@code out[i] = x[i] op y[i]} for i in [from, to). */
    static void vv(BinaryOp op, MemorySegment x, long xOff, MemorySegment y, long yOff, MemorySegment out,
                   long oOff, long from, long to) {
        if (Simd.SCALAR) {
            vvScalar(op, x, xOff, y, yOff, out, oOff, from, to);
            return;
        }
        long i = from;
        long bound = from + F.loopBound(to - from);
        switch (op) {
            case ADD -> {
                for (; i < bound; i += L) {
                    FloatVector a = load(x, xOff + i);
                    FloatVector b = load(y, yOff + i);
                    store(a.add(b), out, oOff + i);
                }
            }
            case SUB -> {
                for (; i < bound; i += L) {
                    FloatVector a = load(x, xOff + i);
                    FloatVector b = load(y, yOff + i);
                    store(a.sub(b), out, oOff + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += L) {
                    FloatVector a = load(x, xOff + i);
                    FloatVector b = load(y, yOff + i);
                    store(a.mul(b), out, oOff + i);
                }
            }
            case DIV -> {
                for (; i < bound; i += L) {
                    FloatVector a = load(x, xOff + i);
                    FloatVector b = load(y, yOff + i);
                    store(a.div(b), out, oOff + i);
                }
            }
            case MAX -> {
                for (; i < bound; i += L) {
                    FloatVector a = load(x, xOff + i);
                    FloatVector b = load(y, yOff + i);
                    store(a.max(b), out, oOff + i);
                }
            }
            case MIN -> {
                for (; i < bound; i += L) {
                    FloatVector a = load(x, xOff + i);
                    FloatVector b = load(y, yOff + i);
                    store(a.min(b), out, oOff + i);
                }
            }
            default -> throw new IllegalArgumentException("no binary kernel for " + op);
        }
        vvScalar(op, x, xOff, y, yOff, out, oOff, i, to);
    }

    /** The scalar twin of {@link #vv}. */
    static void vvScalar(BinaryOp op, MemorySegment x, long xOff, MemorySegment y, long yOff, MemorySegment out,
                         long oOff, long from, long to) {
        switch (op) {
            case ADD -> {
                for (long i = from; i < to; i++) {
                    float a = get(x, xOff + i);
                    float b = get(y, yOff + i);
                    set(out, oOff + i, a + b);
                }
            }
            case SUB -> {
                for (long i = from; i < to; i++) {
                    float a = get(x, xOff + i);
                    float b = get(y, yOff + i);
                    set(out, oOff + i, a - b);
                }
            }
            case MUL -> {
                for (long i = from; i < to; i++) {
                    float a = get(x, xOff + i);
                    float b = get(y, yOff + i);
                    set(out, oOff + i, a * b);
                }
            }
            case DIV -> {
                for (long i = from; i < to; i++) {
                    float a = get(x, xOff + i);
                    float b = get(y, yOff + i);
                    set(out, oOff + i, a / b);
                }
            }
            case MAX -> {
                for (long i = from; i < to; i++) {
                    float a = get(x, xOff + i);
                    float b = get(y, yOff + i);
                    set(out, oOff + i, Math.max(a, b));
                }
            }
            case MIN -> {
                for (long i = from; i < to; i++) {
                    float a = get(x, xOff + i);
                    float b = get(y, yOff + i);
                    set(out, oOff + i, Math.min(a, b));
                }
            }
            default -> throw new IllegalArgumentException("no binary kernel for " + op);
        }
    }

    /** {@code out[i] = x[i] op s} for i in [from, to). */
    static void vs(BinaryOp op, MemorySegment x, long xOff, float s, MemorySegment out, long oOff,
                   long from, long to) {
        if (Simd.SCALAR) {
            vsScalar(op, x, xOff, s, out, oOff, from, to);
            return;
        }
        long i = from;
        long bound = from + F.loopBound(to - from);
        FloatVector b = FloatVector.broadcast(F, s);
        switch (op) {
            case ADD -> {
                for (; i < bound; i += L) {
                    FloatVector a = load(x, xOff + i);
                    store(a.add(b), out, oOff + i);
                }
            }
            case SUB -> {
                for (; i < bound; i += L) {
                    FloatVector a = load(x, xOff + i);
                    store(a.sub(b), out, oOff + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += L) {
                    FloatVector a = load(x, xOff + i);
                    store(a.mul(b), out, oOff + i);
                }
            }
            case DIV -> {
                for (; i < bound; i += L) {
                    FloatVector a = load(x, xOff + i);
                    store(a.div(b), out, oOff + i);
                }
            }
            case MAX -> {
                for (; i < bound; i += L) {
                    FloatVector a = load(x, xOff + i);
                    store(a.max(b), out, oOff + i);
                }
            }
            case MIN -> {
                for (; i < bound; i += L) {
                    FloatVector a = load(x, xOff + i);
                    store(a.min(b), out, oOff + i);
                }
            }
            default -> throw new IllegalArgumentException("no binary kernel for " + op);
        }
        vsScalar(op, x, xOff, s, out, oOff, i, to);
    }

    /** The scalar twin of {@link #vs}. */
    static void vsScalar(BinaryOp op, MemorySegment x, long xOff, float s, MemorySegment out, long oOff,
                         long from, long to) {
        switch (op) {
            case ADD -> {
                for (long i = from; i < to; i++) {
                    float a = get(x, xOff + i);
                    float b = s;
                    set(out, oOff + i, a + b);
                }
            }
            case SUB -> {
                for (long i = from; i < to; i++) {
                    float a = get(x, xOff + i);
                    float b = s;
                    set(out, oOff + i, a - b);
                }
            }
            case MUL -> {
                for (long i = from; i < to; i++) {
                    float a = get(x, xOff + i);
                    float b = s;
                    set(out, oOff + i, a * b);
                }
            }
            case DIV -> {
                for (long i = from; i < to; i++) {
                    float a = get(x, xOff + i);
                    float b = s;
                    set(out, oOff + i, a / b);
                }
            }
            case MAX -> {
                for (long i = from; i < to; i++) {
                    float a = get(x, xOff + i);
                    float b = s;
                    set(out, oOff + i, Math.max(a, b));
                }
            }
            case MIN -> {
                for (long i = from; i < to; i++) {
                    float a = get(x, xOff + i);
                    float b = s;
                    set(out, oOff + i, Math.min(a, b));
                }
            }
            default -> throw new IllegalArgumentException("no binary kernel for " + op);
        }
    }
}
