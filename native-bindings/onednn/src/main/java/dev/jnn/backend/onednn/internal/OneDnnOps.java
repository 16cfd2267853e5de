package dev.jnn.backend.onednn.internal;

import java.lang.foreign.MemorySegment;

/**
 * Every oneDNN operation jnn uses, on one engine and stream, each with its own primitive cache.
 * All buffers are plain row-major float32 {@link MemorySegment}s of native memory, 64-byte aligned
 * for best speed. Not thread-safe: use from one thread at a time. Closing frees every primitive
 * and then the engine.
 */
public final class OneDnnOps implements AutoCloseable {
    private final OneDnnEngine engine;
    private final OneDnnConvolution convolution;
    private final OneDnnInnerProduct innerProduct;
    private final OneDnnPooling pooling;
    private final OneDnnEltwise eltwise;
    private final OneDnnSoftmax softmax;
    private final OneDnnBatchNorm batchNorm;
    private final OneDnnBinary binary;
    private boolean closed;

    /**
     * Creates the engine and the operations.
     *
     * @param threads OpenMP threads every primitive runs on
     * @throws OneDnnUnavailableException if the library cannot be loaded
     */
    public OneDnnOps(int threads) {
        engine = new OneDnnEngine(threads);
        convolution = new OneDnnConvolution(engine);
        innerProduct = new OneDnnInnerProduct(engine);
        pooling = new OneDnnPooling(engine);
        eltwise = new OneDnnEltwise(engine);
        softmax = new OneDnnSoftmax(engine);
        batchNorm = new OneDnnBatchNorm(engine);
        binary = new OneDnnBinary(engine);
    }

    /** The oneDNN version, e.g. {@code 3.13.0 (hash)}. */
    public static String version() {
        OneDnnLibrary.get();
        return InfoCalls.version();
    }

    /** The CPU instruction set oneDNN dispatches to here, e.g. {@code avx512_core_bf16}. */
    public static String cpuIsa() {
        OneDnnLibrary.get();
        return InfoCalls.isaName(InfoCalls.effectiveCpuIsa());
    }

    /** The thread count. */
    public int threads() {
        return engine.threads();
    }

    /**
     * Sets the number of OpenMP threads primitives run on. Cached primitives are dropped when it
     * changes, because oneDNN sizes per-thread scratch space when it creates them.
     */
    public void setThreads(int n) {
        if (n == engine.threads()) return;
        engine.setThreads(n);
        convolution.clear();
        innerProduct.clear();
        pooling.clear();
        eltwise.clear();
        softmax.clear();
        batchNorm.clear();
        binary.clear();
    }

    OneDnnEngine engine() {
        return engine;
    }

    /** Convolution forward and backward. */
    OneDnnConvolution convolution() {
        return convolution;
    }

    /** Inner product (Linear) forward and backward. */
    OneDnnInnerProduct innerProduct() {
        return innerProduct;
    }

    /** Max and average pooling. */
    OneDnnPooling pooling() {
        return pooling;
    }

    /** Element-wise functions. */
    OneDnnEltwise eltwise() {
        return eltwise;
    }

    /** Softmax and log-softmax. */
    OneDnnSoftmax softmax() {
        return softmax;
    }

    /** Batch normalisation. */
    OneDnnBatchNorm batchNorm() {
        return batchNorm;
    }

    /** Binary functions with broadcasting, and reductions. */
    OneDnnBinary binary() {
        return binary;
    }

    /**
     * Row-major {@code C[m,n] = alpha * op(A) * op(B) + beta * C} with {@code dnnl_sgemm}; {@code lda},
     * {@code ldb}, {@code ldc} are row strides in elements. {@code C} is not read when beta is 0.
     */
    public void gemm(boolean transA, boolean transB, long m, long n, long k, float alpha, MemorySegment a, long lda,
                     MemorySegment b, long ldb, float beta, MemorySegment c, long ldc) {
        if (m == 0 || n == 0) return;
        engine.enter();
        BlasCalls.sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            convolution.close();
            innerProduct.close();
            pooling.close();
            eltwise.close();
            softmax.close();
            batchNorm.close();
            binary.close();
        } finally {
            engine.close();
        }
    }
}
