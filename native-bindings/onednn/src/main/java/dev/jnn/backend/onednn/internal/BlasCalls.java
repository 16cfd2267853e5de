package dev.jnn.backend.onednn.internal;

import static dev.jnn.backend.onednn.internal.Native.DIM;
import static dev.jnn.backend.onednn.internal.Native.FLOAT;
import static dev.jnn.backend.onednn.internal.Native.PTR;
import static dev.jnn.backend.onednn.internal.Native.rethrow;
import static dev.jnn.backend.onednn.internal.Native.status;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** {@code dnnl_sgemm}: row-major single-precision GEMM (unlike BLAS, which is column-major). */
final class BlasCalls {
    private static final MethodHandle SGEMM = status("dnnl_sgemm", ValueLayout.JAVA_BYTE, ValueLayout.JAVA_BYTE,
            DIM, DIM, DIM, FLOAT, PTR, DIM, PTR, DIM, FLOAT, PTR, DIM);

    private BlasCalls() {
    }

    /**
     * {@code C[M,N] = alpha * op(A) * op(B) + beta * C}, all row-major; {@code op} transposes when
     * the flag is set; {@code lda/ldb/ldc} are row strides in elements.
     */
    static void sgemm(boolean transA, boolean transB, long m, long n, long k, float alpha, MemorySegment a, long lda,
                      MemorySegment b, long ldb, float beta, MemorySegment c, long ldc) {
        try {
            int s = (int) SGEMM.invokeExact((byte) (transA ? 'T' : 'N'), (byte) (transB ? 'T' : 'N'), m, n, k, alpha,
                    a, lda, b, ldb, beta, c, ldc);
            if (s != 0) {
                throw new OneDnnException("dnnl_sgemm", s, "M=" + m + " N=" + n + " K=" + k + " transA=" + transA
                        + " transB=" + transB);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
