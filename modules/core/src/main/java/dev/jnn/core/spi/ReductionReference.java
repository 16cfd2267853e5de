package dev.jnn.core.spi;

import static dev.jnn.core.spi.HostCopies.increment;
import static dev.jnn.core.spi.HostCopies.read;
import static dev.jnn.core.spi.HostCopies.write;

import dev.jnn.core.Shape;

/**
 * The reference reduction kernels: the defaults of {@link ReductionOps}, in plain scalar Java on host copies
 * of the operands ({@link HostCopies}). They are the specification every backend is tested against;
 * clarity first, speed never.
 */
final class ReductionReference {
    private ReductionReference() {
    }

    static void reduce(MemoryOps mem, ReduceOp op, TensorView x, int dim, TensorView out) {
        float[] v = read(mem, x);
        int outer = (int) x.shape().outer(dim);
        int n = x.size(dim);
        int inner = (int) x.shape().inner(dim);
        float[] o = new float[outer * inner];
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                double acc = op == ReduceOp.SUM || op == ReduceOp.MEAN ? 0 : v[base];
                int arg = 0;
                for (int i = 0; i < n; i++) {
                    float e = v[base + i * inner];
                    switch (op) {
                        case SUM, MEAN -> acc += e;
                        case MAX -> acc = Math.max(acc, e);
                        case MIN -> acc = Math.min(acc, e);
                        case ARGMAX -> {
                            if (e > acc) {
                                acc = e;
                                arg = i;
                            }
                        }
                        case ARGMIN -> {
                            if (e < acc) {
                                acc = e;
                                arg = i;
                            }
                        }
                    }
                }
                o[p * inner + q] = switch (op) {
                    case MEAN -> (float) (acc / n);
                    case ARGMAX, ARGMIN -> arg;
                    default -> (float) acc;
                };
            }
        }
        write(mem, out, o);
    }

    static void sumToShape(MemoryOps mem, TensorView x, TensorView out) {
        Shape s = x.shape();
        long[] os = out.shape().broadcastStrides(s);
        float[] v = read(mem, x);
        float[] o = new float[Math.toIntExact(out.numel())];
        int[] dims = s.dims();
        int[] idx = new int[dims.length];
        for (int i = 0; i < v.length; i++) {
            long oi = 0;
            for (int d = 0; d < dims.length; d++) oi += idx[d] * os[d];
            o[(int) oi] += v[i];
            increment(idx, dims);
        }
        write(mem, out, o);
    }
}
