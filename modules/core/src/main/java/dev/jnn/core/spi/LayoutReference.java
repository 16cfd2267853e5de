package dev.jnn.core.spi;

import static dev.jnn.core.spi.HostCopies.checkIndex;
import static dev.jnn.core.spi.HostCopies.increment;
import static dev.jnn.core.spi.HostCopies.read;
import static dev.jnn.core.spi.HostCopies.write;

/**
 * The reference data-movement kernels: the defaults of {@link LayoutOps}, in plain scalar Java on host copies
 * of the operands ({@link HostCopies}). They are the specification every backend is tested against;
 * clarity first, speed never.
 */
final class LayoutReference {
    private LayoutReference() {
    }

    static void stridedCopy(MemoryOps mem, TensorView src, long[] srcStrides, TensorView out) {
        float[] v = read(mem, src);
        int[] dims = out.shape().dims();
        float[] o = new float[Math.toIntExact(out.numel())];
        int[] idx = new int[dims.length];
        for (int i = 0; i < o.length; i++) {
            long si = 0;
            for (int d = 0; d < dims.length; d++) si += idx[d] * srcStrides[d];
            o[i] = v[(int) si];
            increment(idx, dims);
        }
        write(mem, out, o);
    }

    static void stridedWrite(MemoryOps mem, TensorView src, TensorView dst, long dstOffset, long[] dstStrides) {
        float[] v = read(mem, src);
        float[] o = read(mem, dst);
        int[] dims = src.shape().dims();
        int[] idx = new int[dims.length];
        for (int i = 0; i < v.length; i++) {
            long di = dstOffset;
            for (int d = 0; d < dims.length; d++) di += idx[d] * dstStrides[d];
            o[(int) di] = v[i];
            increment(idx, dims);
        }
        write(mem, dst, o);
    }

    static void indexSelect(MemoryOps mem, TensorView x, int dim, TensorView index, TensorView out) {
        float[] v = read(mem, x);
        float[] ix = read(mem, index);
        int outer = (int) x.shape().outer(dim);
        int n = x.size(dim);
        int inner = (int) x.shape().inner(dim);
        float[] o = new float[Math.toIntExact(out.numel())];
        for (int p = 0; p < outer; p++) {
            for (int i = 0; i < ix.length; i++) {
                int k = checkIndex("indexSelect", ix[i], n);
                System.arraycopy(v, (p * n + k) * inner, o, (p * ix.length + i) * inner, inner);
            }
        }
        write(mem, out, o);
    }

    static void indexAdd(MemoryOps mem, TensorView src, int dim, TensorView index, TensorView out) {
        float[] v = read(mem, src);
        float[] ix = read(mem, index);
        float[] o = read(mem, out);
        int outer = (int) out.shape().outer(dim);
        int n = out.size(dim);
        int inner = (int) out.shape().inner(dim);
        for (int p = 0; p < outer; p++) {
            for (int i = 0; i < ix.length; i++) {
                int k = checkIndex("indexAdd", ix[i], n);
                for (int q = 0; q < inner; q++) o[(p * n + k) * inner + q] += v[(p * ix.length + i) * inner + q];
            }
        }
        write(mem, out, o);
    }

    static void gather(MemoryOps mem, TensorView x, int dim, TensorView index, TensorView out) {
        float[] v = read(mem, x);
        float[] ix = read(mem, index);
        float[] o = new float[ix.length];
        int[] dims = index.shape().dims();
        long[] xs = x.shape().strides();
        int[] idx = new int[dims.length];
        for (int i = 0; i < ix.length; i++) {
            long xi = 0;
            for (int d = 0; d < dims.length; d++) {
                int c = d == dim ? checkIndex("gather", ix[i], x.size(dim)) : idx[d];
                xi += c * xs[d];
            }
            o[i] = v[(int) xi];
            increment(idx, dims);
        }
        write(mem, out, o);
    }

    static void scatterAdd(MemoryOps mem, TensorView src, int dim, TensorView index, TensorView out) {
        float[] v = read(mem, src);
        float[] ix = read(mem, index);
        float[] o = read(mem, out);
        int[] dims = index.shape().dims();
        long[] os = out.shape().strides();
        long[] ss = src.shape().strides();
        int[] idx = new int[dims.length];
        for (int i = 0; i < ix.length; i++) {
            long oi = 0;
            long si = 0;
            for (int d = 0; d < dims.length; d++) {
                int c = d == dim ? checkIndex("scatterAdd", ix[i], out.size(dim)) : idx[d];
                oi += c * os[d];
                si += idx[d] * ss[d];
            }
            o[(int) oi] += v[(int) si];
            increment(idx, dims);
        }
        write(mem, out, o);
    }
}
