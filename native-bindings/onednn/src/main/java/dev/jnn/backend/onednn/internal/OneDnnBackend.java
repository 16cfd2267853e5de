package dev.jnn.backend.onednn.internal;

import dev.jnn.backend.vector.VectorBackends;
import dev.jnn.core.Shape;
import dev.jnn.core.spi.AdamStep;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.HostBackend;
import dev.jnn.core.spi.Pool2dSpec;
import dev.jnn.core.spi.ReduceOp;
import dev.jnn.core.spi.SgdStep;
import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.UnaryOp;
import java.lang.foreign.MemorySegment;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The "onednn" backend: host memory from a caching allocator, and oneDNN primitives for GEMM,
 * Linear (fused bias and ReLU), convolution, average pooling, element-wise functions, binary ops (where
 * the first operand has the output's shape and the second broadcasts), sum/mean/max/min
 * reductions along the last dimension, softmax and batch normalisation. The kernels oneDNN lacks or
 * runs slowly on plain tensors (max pooling, reductions along other dimensions, sign, pow, argmax,
 * layout ops, losses, dropout, optimizer updates, copy/fill/axpy) run on the "vector" backend's kernels
 * ({@link VectorBackends}), which work on this backend's host memory as they are. An element-wise
 * op that neither has runs core's reference kernel, and {@code jnn backends --ops} lists it.
 *
 * <p>Threads: oneDNN runs on OpenMP with {@link BackendConfig#threads()} threads.
 */
final class OneDnnBackend extends HostBackend {
    private final OneDnnOps ops;
    private final OneDnnElementwiseKernels elementwise;
    private final OneDnnNormalizationKernels normalization;
    /** The vector backend, whose kernels run what oneDNN lacks. */
    private final Backend host;
    private final Set<UnaryOp> ownUnary;
    private final String description;

    OneDnnBackend(BackendConfig config) {
        ops = new OneDnnOps(config.threads());
        elementwise = new OneDnnElementwiseKernels(ops, allocator());
        normalization = new OneDnnNormalizationKernels(ops, allocator());
        // One thread for the vector kernels: they are small (optimizer updates, losses, layout ops),
        // and a second Java pool thread spinning between them would take a core from oneDNN's
        // OpenMP team, which runs next.
        host = VectorBackends.create(config.withThreads(1));
        EnumSet<UnaryOp> unary = EnumSet.noneOf(UnaryOp.class);
        unary.addAll(host.ownUnaryKernels());
        for (UnaryOp op : UnaryOp.values()) {
            if (OneDnnElementwiseKernels.eltwise(op) != null) unary.add(op);
        }
        ownUnary = Collections.unmodifiableSet(unary);
        int t = config.threads();
        description = "onednn: CPU, oneDNN " + OneDnnOps.version() + ", ISA " + OneDnnOps.cpuIsa() + ", " + t + " thread"
                + (t == 1 ? "" : "s") + "; other kernels: vector";
    }

    /** The ops oneDNN's eltwise primitive runs, and those the vector kernels run. */
    @Override
    public Set<UnaryOp> ownUnaryKernels() {
        return ownUnary;
    }

    /**
     * The vector kernels' ops: oneDNN's binary primitive takes only some shapes of the ops it has
     * (one operand of the output's shape), and the vector kernels run every other case.
     */
    @Override
    public Set<BinaryOp> ownBinaryKernels() {
        return host.ownBinaryKernels();
    }

    @Override
    public String name() {
        return "onednn";
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int threads() {
        return ops.threads();
    }

    @Override
    public void close() {
        try {
            ops.close();
            host.close();
        } finally {
            super.close();
        }
    }

    // ------------------------------------------------------------------ element-wise

    @Override
    public void copy(TensorView src, TensorView out) {
        host.copy(src, out);
    }

    @Override
    public void fill(TensorView out, float value) {
        host.fill(out, value);
    }

    @Override
    public void axpy(float alpha, TensorView x, TensorView y) {
        host.axpy(alpha, x, y);
    }

    @Override
    public void dropout(TensorView x, TensorView mask, float scale, TensorView out) {
        host.dropout(x, mask, scale, out);
    }

    // ------------------------------------------------------------------ layout, losses, optimizers: not oneDNN's

    @Override
    public void stridedCopy(TensorView src, long[] srcStrides, TensorView out) {
        host.stridedCopy(src, srcStrides, out);
    }

    @Override
    public void stridedWrite(TensorView src, TensorView dst, long dstOffset, long[] dstStrides) {
        host.stridedWrite(src, dst, dstOffset, dstStrides);
    }

    @Override
    public void indexSelect(TensorView x, int dim, TensorView index, TensorView out) {
        host.indexSelect(x, dim, index, out);
    }

    @Override
    public void indexAdd(TensorView src, int dim, TensorView index, TensorView out) {
        host.indexAdd(src, dim, index, out);
    }

    @Override
    public void gather(TensorView x, int dim, TensorView index, TensorView out) {
        host.gather(x, dim, index, out);
    }

    @Override
    public void scatterAdd(TensorView src, int dim, TensorView index, TensorView out) {
        host.scatterAdd(src, dim, index, out);
    }

    @Override
    public void crossEntropy(TensorView logits, TensorView targets, float smoothing, TensorView loss, TensorView probs) {
        host.crossEntropy(logits, targets, smoothing, loss, probs);
    }

    @Override
    public void crossEntropyBackward(TensorView probs, TensorView targets, float smoothing, TensorView gLoss, TensorView gx) {
        host.crossEntropyBackward(probs, targets, smoothing, gLoss, gx);
    }

    @Override
    public void sgdUpdate(SgdStep h, TensorView param, TensorView grad, TensorView momentumBuffer) {
        host.sgdUpdate(h, param, grad, momentumBuffer);
    }

    @Override
    public void adamUpdate(AdamStep h, TensorView param, TensorView grad, TensorView expAvg, TensorView expAvgSq, TensorView maxExpAvgSq) {
        host.adamUpdate(h, param, grad, expAvg, expAvgSq, maxExpAvgSq);
    }

    // Element-wise ops: oneDNN where it can, else the vector kernels, else (an op neither has a
    // kernel for) the reference kernel: super.unary(...) is ElementwiseOps.super.unary(...), which
    // cannot be named so through HostBackend.

    @Override
    public void unary(UnaryOp op, TensorView x, TensorView out) {
        if (elementwise.unary(op, x, out)) return;
        if (host.ownUnaryKernels().contains(op)) host.unary(op, x, out);
        else super.unary(op, x, out);
    }

    @Override
    public void unaryBackward(UnaryOp op, TensorView x, TensorView y, TensorView gradOut, TensorView gradIn) {
        if (elementwise.unaryBackward(op, x, y, gradOut, gradIn)) return;
        if (host.ownUnaryKernels().contains(op)) host.unaryBackward(op, x, y, gradOut, gradIn);
        else super.unaryBackward(op, x, y, gradOut, gradIn);
    }

    @Override
    public void binary(BinaryOp op, TensorView a, TensorView b, TensorView out) {
        if (elementwise.binary(op, a, b, out)) return;
        if (host.ownBinaryKernels().contains(op)) host.binary(op, a, b, out);
        else super.binary(op, a, b, out);
    }

    @Override
    public void binaryScalar(BinaryOp op, TensorView a, float s, TensorView out) {
        if (elementwise.binaryScalar(op, a, s, out)) return;
        if (host.ownBinaryKernels().contains(op)) host.binaryScalar(op, a, s, out);
        else super.binaryScalar(op, a, s, out);
    }

    /**
     * Reductions along the last dimension through oneDNN, along any other on the host's kernels
     * ({@link OneDnnElementwiseKernels#reduce} says why).
     */
    @Override
    public void reduce(ReduceOp op, TensorView x, int dim, TensorView out) {
        if (!elementwise.reduce(op, x, dim, out)) host.reduce(op, x, dim, out);
    }

    /**
     * The gradient of a broadcast on the host's kernels: it reduces outer dimensions, which oneDNN
     * runs unoptimised ({@link OneDnnElementwiseKernels#reduce}).
     */
    @Override
    public void sumToShape(TensorView x, TensorView out) {
        host.sumToShape(x, out);
    }

    // ------------------------------------------------------------------ matrix products

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, TensorView a, TensorView b, float beta, TensorView c) {
        int m = c.size(-2);
        int n = c.size(-1);
        int k = transA ? a.size(-2) : a.size(-1);
        if (k == 0) {
            host.gemm(transA, transB, alpha, a, b, beta, c);   // C = beta*C: nothing for oneDNN to do
            return;
        }
        int batches = c.rank() == 3 ? c.size(0) : 1;
        long aStride = a.rank() == 3 ? (long) m * k * Float.BYTES : 0;   // 0: a 2-d operand shared by every batch
        long bStride = b.rank() == 3 ? (long) k * n * Float.BYTES : 0;
        long cStride = (long) m * n * Float.BYTES;
        MemorySegment as = a.segment();
        MemorySegment bs = b.segment();
        MemorySegment cs = c.segment();
        long lda = transA ? m : k;
        long ldb = transB ? k : n;
        for (int p = 0; p < batches; p++) {
            ops.gemm(transA, transB, m, n, k, alpha, as.asSlice(p * aStride), lda, bs.asSlice(p * bStride), ldb, beta,
                    cs.asSlice(p * cStride), n);
        }
    }

    @Override
    public void linear(TensorView x, TensorView w, TensorView bias, boolean relu, TensorView y) {
        if (x.size(0) == 0) return;
        OneDnnInnerProduct.Geometry g = new OneDnnInnerProduct.Geometry(x.size(0), x.size(1), w.size(0));
        ops.innerProduct().forward(g, x.segment(), w.segment(), bias == null ? null : bias.segment(), relu, y.segment());
    }

    // ------------------------------------------------------------------ convolution

    private static OneDnnConvolution.Geometry geometry(Conv2dSpec s, Shape x, Shape w) {
        return new OneDnnConvolution.Geometry(x.size(0), x.size(1), x.size(2), x.size(3), w.size(0), w.size(2), w.size(3),
                s.strideH(), s.strideW(), s.padH(), s.padW(), s.dilationH(), s.dilationW());
    }

    @Override
    public void conv2dForward(Conv2dSpec spec, TensorView x, TensorView w, TensorView bias, TensorView y) {
        conv2dForward(spec, x, w, bias, false, y);
    }

    /** ReLU fused as an eltwise post-op of the convolution primitive. */
    @Override
    public void conv2dForward(Conv2dSpec spec, TensorView x, TensorView w, TensorView bias, boolean relu, TensorView y) {
        ops.convolution().forward(geometry(spec, x.shape(), w.shape()), x.segment(), w.segment(),
                bias == null ? null : bias.segment(), relu, y.segment());
    }

    @Override
    public void conv2dBackwardData(Conv2dSpec spec, TensorView gy, TensorView w, TensorView gx) {
        ops.convolution().backwardData(geometry(spec, gx.shape(), w.shape()), gy.segment(), w.segment(), gx.segment());
    }

    @Override
    public void conv2dBackwardWeights(Conv2dSpec spec, TensorView x, TensorView gy, TensorView gw, TensorView gb) {
        ops.convolution().backwardWeights(geometry(spec, x.shape(), gw.shape()), x.segment(), gy.segment(), gw.segment(),
                gb == null ? null : gb.segment());
    }

    // ------------------------------------------------------------------ pooling

    private static OneDnnPooling.Geometry geometry(Pool2dSpec s, Shape x) {
        return new OneDnnPooling.Geometry(x.size(0), x.size(1), x.size(2), x.size(3), s.kernelH(), s.kernelW(),
                s.strideH(), s.strideW(), s.padH(), s.padW());
    }

    // Max pooling runs on the vector kernels: for plain NCHW tensors oneDNN has only its generic
    // implementation (simple_nchw), which took 10.5 ms per 128x16x28x28 training call on an AVX2 machine,
    // 47% of the speedrun's primitive time (ONEDNN_VERBOSE, 2026-12-06).

    @Override
    public long maxPool2dWorkspaceElements(Pool2dSpec spec, Shape x, Shape y) {
        return host.maxPool2dWorkspaceElements(spec, x, y);
    }

    @Override
    public void maxPool2dForward(Pool2dSpec spec, TensorView x, TensorView y, TensorView workspace) {
        host.maxPool2dForward(spec, x, y, workspace);
    }

    @Override
    public void maxPool2dBackward(Pool2dSpec spec, TensorView x, TensorView gy, TensorView workspace, TensorView gx) {
        host.maxPool2dBackward(spec, x, gy, workspace, gx);
    }

    @Override
    public void avgPool2dForward(Pool2dSpec spec, TensorView x, TensorView y) {
        ops.pooling().forward(geometry(spec, x.shape()), x.segment(), y.segment());
    }

    @Override
    public void avgPool2dBackward(Pool2dSpec spec, TensorView gy, TensorView gx) {
        ops.pooling().backward(geometry(spec, gx.shape()), gy.segment(), gx.segment());
    }

    // ------------------------------------------------------------------ softmax and batch norm

    @Override
    public void softmax(TensorView x, int dim, boolean log, TensorView y) {
        normalization.softmax(x, dim, log, y);
    }

    @Override
    public void softmaxBackward(TensorView y, TensorView gy, int dim, boolean log, TensorView gx) {
        normalization.softmaxBackward(y, gy, dim, log, gx);
    }

    @Override
    public void batchNormTraining(TensorView x, TensorView gamma, TensorView beta, float eps, TensorView y, TensorView mean, TensorView invStd) {
        normalization.batchNormTraining(x, gamma, beta, eps, y, mean, invStd);
    }

    @Override
    public void batchNormInference(TensorView x, TensorView gamma, TensorView beta, TensorView runningMean, TensorView runningVar, float eps,
                                   TensorView y) {
        normalization.batchNormInference(x, gamma, beta, runningMean, runningVar, eps, y);
    }

    @Override
    public void batchNormBackward(TensorView x, TensorView gy, TensorView gamma, TensorView mean, TensorView invStd, TensorView gx,
                                  TensorView gGamma, TensorView gBeta) {
        if (!normalization.batchNormBackward(x, gy, gamma, mean, invStd, gx, gGamma, gBeta)) {
            host.batchNormBackward(x, gy, gamma, mean, invStd, gx, gGamma, gBeta);
        }
    }
}
