package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.ViewMemory.off;
import static dev.jnn.backend.vector.internal.ViewMemory.seg;
import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;
import static dev.jnn.backend.vector.internal.kernels.Simd.store;

import dev.jnn.backend.vector.internal.kernels.ActivationGrad;
import dev.jnn.backend.vector.internal.kernels.Blas1;
import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.backend.vector.internal.kernels.Unary;
import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.UnaryOp;
import java.lang.foreign.MemorySegment;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Element-wise kernels of the vector backend on tensors' host memory: fill, copy, unary functions
 * and their gradients ({@link #OPS}), axpy and dropout. Outputs may alias inputs (same element,
 * same index).
 */
final class VectorElementwise {
    /**
     * The unary ops {@link #unary} and {@link #unaryBackward} run: the backend passes the others to
     * the reference kernel. Written out, not {@code allOf}: an op added to {@link UnaryOp} has no
     * kernel here until one is written.
     */
    static final Set<UnaryOp> OPS = Collections.unmodifiableSet(EnumSet.of(UnaryOp.NEG, UnaryOp.EXP, UnaryOp.LOG,
            UnaryOp.SQRT, UnaryOp.ABS, UnaryOp.SQUARE, UnaryOp.RECIPROCAL, UnaryOp.RELU, UnaryOp.SIGMOID, UnaryOp.TANH,
            UnaryOp.SIGN));

    private VectorElementwise() {
    }

    static void fill(TensorView out, float value, Parallel par) {
        Blas1.fill(out.numel(), value, seg(out), off(out), par);
    }

    static void copy(TensorView src, TensorView out) {
        // One memmove: memory bound, and safe when the two overlap.
        MemorySegment.copy(seg(src), off(src) * Float.BYTES, seg(out), off(out) * Float.BYTES, out.numel() * Float.BYTES);
    }

    static void axpy(float alpha, TensorView x, TensorView y, Parallel par) {
        Blas1.axpy(y.numel(), alpha, seg(x), off(x), seg(y), off(y), par);
    }

    /**
     * {@code out = op(x)} for an op in {@link #OPS}: the kernels package's loop where it has one
     * ({@link Unary#OPS}), else {@link #ownUnary}. EXP, LOG, SIGMOID and TANH stay here, on the
     * scalar {@link Math} functions: the Vector API's lane-wise EXP, LOG and TANH round differently
     * in the JIT's vector library and in the interpreter's fallback (about 1% of lanes differ in the
     * last bit), so a kernel's result would depend on when it got compiled; the scalar functions
     * agree in every tier.
     */
    static void unary(UnaryOp op, TensorView x, TensorView out, Parallel par) {
        MemorySegment xs = seg(x), os = seg(out);
        long xo = off(x), oo = off(out);
        if (Unary.OPS.contains(op)) {
            Unary.apply(op, xs, xo, os, oo, out.numel(), par);
        } else {
            par.forElements(out.numel(), (from, to) -> ownUnary(op, xs, xo + from, os, oo + from, to - from));
        }
    }

    /** RECIPROCAL and SIGN vectorised (both exact); the rest, the transcendental ones, scalar. */
    private static void ownUnary(UnaryOp op, MemorySegment x, long xo, MemorySegment y, long yo, long n) {
        long i = 0;
        // One loop per operator: a vector chosen by a condition inside the loop can cost a box.
        if (op == UnaryOp.RECIPROCAL) {
            FloatVector one = FloatVector.broadcast(F, 1f);
            for (long bound = F.loopBound(n); i < bound; i += L) store(one.div(load(x, xo + i)), y, yo + i);
        } else if (op == UnaryOp.SIGN) {
            for (long bound = F.loopBound(n); i < bound; i += L) store(signum(load(x, xo + i)), y, yo + i);
        }
        for (; i < n; i++) set(y, yo + i, op.apply(get(x, xo + i)));
    }

    /** Math.signum lane-wise: 1 or -1, and zeros and NaN left as they are. */
    private static FloatVector signum(FloatVector v) {
        return v.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f));
    }

    static void unaryBackward(UnaryOp op, TensorView x, TensorView y, TensorView g, TensorView gx, Parallel par) {
        long n = gx.numel();
        MemorySegment xs = seg(x), ys = seg(y), gs = seg(g), os = seg(gx);
        long xo = off(x), yo = off(y), go = off(g), oo = off(gx);
        switch (op) {
            case RELU -> ActivationGrad.relu(gs, go, xs, xo, os, oo, n, par);
            case SIGMOID -> ActivationGrad.sigmoid(gs, go, ys, yo, os, oo, n, par);
            case TANH -> ActivationGrad.tanh(gs, go, ys, yo, os, oo, n, par);
            default -> par.forElements(n, (from, to) -> {
                long i = from;
                for (long bound = from + F.loopBound(to - from); i < bound; i += L) {
                    storeDerivative(op, load(xs, xo + i), load(ys, yo + i), load(gs, go + i), os, oo + i);
                }
                for (; i < to; i++) set(os, oo + i, op.derivative(get(xs, xo + i), get(ys, yo + i), get(gs, go + i)));
            });
        }
    }

    /**
     * Stores {@link UnaryOp#derivative} lane-wise, with the same operation order (so the same
     * rounding). Each case stores its own result, so that no vector is merged across the cases (the
     * JIT would box it).
     */
    private static void storeDerivative(UnaryOp op, FloatVector x, FloatVector y, FloatVector g, MemorySegment out,
                                        long at) {
        switch (op) {
            case NEG -> store(g.neg(), out, at);
            case EXP -> store(g.mul(y), out, at);
            case LOG -> store(g.div(x), out, at);
            case SQRT -> store(g.mul(0.5f).div(y), out, at);
            case ABS -> store(g.mul(signum(x)), out, at);
            case SQUARE -> store(g.mul(2f).mul(x), out, at);
            case RECIPROCAL -> store(g.neg().mul(y).mul(y), out, at);
            case RELU -> store(FloatVector.zero(F).blend(g, x.compare(VectorOperators.GT, 0f)), out, at);
            case SIGMOID -> store(g.mul(y).mul(FloatVector.broadcast(F, 1f).sub(y)), out, at);
            case TANH -> store(g.mul(FloatVector.broadcast(F, 1f).sub(y.mul(y))), out, at);
            case SIGN -> store(FloatVector.zero(F), out, at);
            default -> throw new IllegalArgumentException("no unary kernel for " + op);
        }
    }

    /** {@code out = x * mask * scale}, multiplied in that order as the reference does. */
    static void dropout(TensorView x, TensorView mask, float scale, TensorView out, Parallel par) {
        MemorySegment xs = seg(x), ms = seg(mask), os = seg(out);
        long xo = off(x), mo = off(mask), oo = off(out);
        par.forElements(out.numel(), (from, to) -> {
            long i = from;
            for (long bound = from + F.loopBound(to - from); i < bound; i += L) {
                store(load(xs, xo + i).mul(load(ms, mo + i)).mul(scale), os, oo + i);
            }
            for (; i < to; i++) set(os, oo + i, get(xs, xo + i) * get(ms, mo + i) * scale);
        });
    }
}
