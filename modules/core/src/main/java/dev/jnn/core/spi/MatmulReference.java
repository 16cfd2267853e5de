package dev.jnn.core.spi;

import static dev.jnn.core.spi.HostCopies.read;
import static dev.jnn.core.spi.HostCopies.write;

/**
 * The reference matrix-product kernels: the defaults of {@link MatmulOps}, in plain scalar Java on host copies
 * of the operands ({@link HostCopies}). They are the specification every backend is tested against;
 * clarity first, speed never.
 */
final class MatmulReference {
    private MatmulReference() {
    }

    static void gemm(MemoryOps mem, boolean transA, boolean transB, float alpha, TensorView a, TensorView bt, float beta, TensorView c) {
        float[] av = read(mem, a);
        float[] bv = read(mem, bt);
        float[] cv = beta == 0f ? new float[Math.toIntExact(c.numel())] : read(mem, c);
        int m = c.size(-2);
        int n = c.size(-1);
        int k = transA ? a.size(-2) : a.size(-1);
        int batches = c.rank() == 3 ? c.size(0) : 1;
        int aStride = a.rank() == 3 ? a.size(1) * a.size(2) : 0;
        int bStride = bt.rank() == 3 ? bt.size(1) * bt.size(2) : 0;
        for (int p = 0; p < batches; p++) {
            int ao = p * aStride;
            int bo = p * bStride;
            int co = p * m * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int q = 0; q < k; q++) {
                        float x = transA ? av[ao + q * m + i] : av[ao + i * k + q];
                        float y = transB ? bv[bo + j * k + q] : bv[bo + q * n + j];
                        s += (double) x * y;
                    }
                    cv[co + i * n + j] = (float) (alpha * s + (beta == 0f ? 0 : beta * cv[co + i * n + j]));
                }
            }
        }
        write(mem, c, cv);
    }
}
