package dev.jnn.core.spi;

import static dev.jnn.core.spi.HostCopies.increment;
import static dev.jnn.core.spi.HostCopies.read;
import static dev.jnn.core.spi.HostCopies.write;

import dev.jnn.core.Shape;

/**
 * The reference element-wise kernels: the defaults of {@link ElementwiseOps}, in plain scalar Java on host copies
 * of the operands ({@link HostCopies}). They are the specification every backend is tested against;
 * clarity first, speed never.
 */
final class ElementwiseReference {
    private ElementwiseReference() {
    }

    static void fill(MemoryOps mem, TensorView out, float value) {
        float[] v = new float[Math.toIntExact(out.numel())];
        java.util.Arrays.fill(v, value);
        write(mem, out, v);
    }

    static void copy(MemoryOps mem, TensorView src, TensorView out) {
        write(mem, out, read(mem, src));
    }

    static void unary(MemoryOps mem, UnaryOp op, TensorView x, TensorView out) {
        float[] v = read(mem, x);
        for (int i = 0; i < v.length; i++) v[i] = op.apply(v[i]);
        write(mem, out, v);
    }

    static void unaryBackward(MemoryOps mem, UnaryOp op, TensorView x, TensorView y, TensorView gradOut, TensorView gradIn) {
        float[] xv = read(mem, x);
        float[] yv = read(mem, y);
        float[] g = read(mem, gradOut);
        for (int i = 0; i < g.length; i++) g[i] = op.derivative(xv[i], yv[i], g[i]);
        write(mem, gradIn, g);
    }

    static void binary(MemoryOps mem, BinaryOp op, TensorView a, TensorView bt, TensorView out) {
        Shape s = out.shape();
        float[] av = read(mem, a);
        float[] bv = read(mem, bt);
        long[] as = a.shape().broadcastStrides(s);
        long[] bs = bt.shape().broadcastStrides(s);
        float[] o = new float[Math.toIntExact(s.numel())];
        int[] dims = s.dims();
        int[] idx = new int[dims.length];
        for (int i = 0; i < o.length; i++) {
            long ai = 0;
            long bi = 0;
            for (int d = 0; d < dims.length; d++) {
                ai += idx[d] * as[d];
                bi += idx[d] * bs[d];
            }
            o[i] = op.apply(av[(int) ai], bv[(int) bi]);
            increment(idx, dims);
        }
        write(mem, out, o);
    }

    static void binaryScalar(MemoryOps mem, BinaryOp op, TensorView a, float s, TensorView out) {
        float[] v = read(mem, a);
        for (int i = 0; i < v.length; i++) v[i] = op.apply(v[i], s);
        write(mem, out, v);
    }

    static void axpy(MemoryOps mem, float alpha, TensorView x, TensorView y) {
        float[] xv = read(mem, x);
        float[] yv = read(mem, y);
        for (int i = 0; i < yv.length; i++) yv[i] += alpha * xv[i];
        write(mem, y, yv);
    }

    static void dropout(MemoryOps mem, TensorView x, TensorView mask, float scale, TensorView out) {
        float[] xv = read(mem, x);
        float[] m = read(mem, mask);
        for (int i = 0; i < xv.length; i++) xv[i] = xv[i] * m[i] * scale;
        write(mem, out, xv);
    }
}
