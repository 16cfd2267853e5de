package dev.jnn.backend.onednn.internal;

import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.HostAllocator;
import dev.jnn.core.spi.MemoryBlock;
import dev.jnn.core.spi.Pool2dSpec;
import dev.jnn.core.spi.ReduceOp;
import dev.jnn.core.spi.UnaryOp;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The "onednn" backend: host memory from a caching allocator, and oneDNN primitives for GEMM,
 * Linear (fused bias and ReLU), convolution, pooling, element-wise functions, binary ops (where
 * the first operand has the output's shape and the second broadcasts), sum/mean/max/min
 * reductions, softmax and batch normalisation. The kernels oneDNN lacks (sign, pow, argmax, layout
 * ops, losses, dropout, optimizer updates) are core's defaults, which work on this backend's host
 * memory.
 *
 * <p>Threads: oneDNN runs on OpenMP with {@link BackendConfig#threads()} threads.
 */
final class OneDnnBackend implements Backend {
    private final HostAllocator allocator = new HostAllocator();
    private final OneDnnOps ops;
    private final String description;

    OneDnnBackend(BackendConfig config) {
        ops = new OneDnnOps(config.threads());
        int t = config.threads();
        description = "onednn: CPU, oneDNN " + OneDnnOps.version() + ", ISA " + OneDnnOps.cpuIsa() + ", " + t + " thread"
                + (t == 1 ? "" : "s");
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
    public MemoryBlock allocate(long bytes) {
        return allocator.allocate(bytes);
    }

    @Override
    public long liveBytes() {
        return allocator.liveBytes();
    }

    @Override
    public void copyFromHost(MemorySegment src, long srcOffset, MemoryBlock dst, long dstOffset, long bytes) {
        MemorySegment.copy(src, srcOffset, dst.segment(), dstOffset, bytes);
    }

    @Override
    public void copyToHost(MemoryBlock src, long srcOffset, MemorySegment dst, long dstOffset, long bytes) {
        MemorySegment.copy(src.segment(), srcOffset, dst, dstOffset, bytes);
    }

    @Override
    public void close() {
        try {
            ops.close();
        } finally {
            allocator.close();
        }
    }

    // ------------------------------------------------------------------ element-wise

    @Override
    public void copy(Tensor src, Tensor out) {
        MemorySegment.copy(src.segment(), 0, out.segment(), 0, out.numel() * Float.BYTES);
    }

    @Override
    public void fill(Tensor out, float value) {
        MemorySegment s = out.segment();
        long n = out.numel();
        if (value == 0f) {
            s.fill((byte) 0);   // +0.0f is all zero bits
        } else {
            for (long i = 0; i < n; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, value);
        }
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        MemorySegment xs = x.segment();
        MemorySegment ys = y.segment();
        long n = y.numel();
        for (long i = 0; i < n; i++) {
            float v = ys.getAtIndex(ValueLayout.JAVA_FLOAT, i) + alpha * xs.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            ys.setAtIndex(ValueLayout.JAVA_FLOAT, i, v);
        }
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Shape so = out.shape();
        int alg = Broadcast.binaryAlg(op);
        if (alg != 0 && so.rank() <= OneDnnBinary.MAX_RANK && out.numel() > 0) {
            if (a.shape().equals(so) && Broadcast.broadcastsTo(b.shape(), so)) {
                ops.binary().binary(alg, Broadcast.dims(so, so.rank()), a.segment(), Broadcast.dims(b.shape(), so.rank()),
                        b.segment(), out.segment());
                return;
            }
            BinaryOp swapped = Broadcast.swapped(op);
            if (swapped != null && b.shape().equals(so) && Broadcast.broadcastsTo(a.shape(), so)) {
                ops.binary().binary(Broadcast.binaryAlg(swapped), Broadcast.dims(so, so.rank()), b.segment(),
                        Broadcast.dims(a.shape(), so.rank()), a.segment(), out.segment());
                return;
            }
        }
        Backend.super.binary(op, a, b, out);   // both operands broadcast, or pow
    }

    @Override
    public void binaryScalar(BinaryOp op, Tensor a, float s, Tensor out) {
        int alg = Broadcast.binaryAlg(op);
        if (alg == 0 || a.numel() == 0) {
            Backend.super.binaryScalar(op, a, s, out);
            return;
        }
        MemoryBlock scalar = allocator.allocate(Float.BYTES);
        try {
            scalar.segment().set(ValueLayout.JAVA_FLOAT, 0, s);
            ops.binary().binary(alg, new long[] {a.numel()}, a.segment(), new long[] {1}, scalar.segment(), out.segment());
        } finally {
            scalar.free();
        }
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int dim, Tensor out) {
        int alg = Broadcast.reductionAlg(op);
        Shape s = x.shape();
        if (alg == 0 || s.size(dim) == 0 || x.numel() == 0) {
            Backend.super.reduce(op, x, dim, out);
            return;
        }
        if (s.size(dim) == 1) {
            copy(x, out);
            return;
        }
        ops.binary().reduce(alg, new long[] {s.outer(dim), s.size(dim), s.inner(dim)}, x.segment(),
                new long[] {s.outer(dim), 1, s.inner(dim)}, out.segment());
    }

    @Override
    public void sumToShape(Tensor x, Tensor out) {
        Shape s = x.shape();
        if (out.numel() == x.numel()) {
            copy(x, out);
            return;
        }
        if (s.rank() > OneDnnBinary.MAX_RANK || x.numel() == 0 || !Broadcast.broadcastsTo(out.shape(), s)) {
            Backend.super.sumToShape(x, out);
            return;
        }
        ops.binary().reduce(PrimitiveDescCalls.REDUCTION_SUM, Broadcast.dims(s, s.rank()), x.segment(),
                Broadcast.dims(out.shape(), s.rank()), out.segment());
    }

    private static OneDnnEltwise.Function eltwise(UnaryOp op) {
        return switch (op) {
            case NEG -> OneDnnEltwise.Function.NEG;
            case EXP -> OneDnnEltwise.Function.EXP;
            case LOG -> OneDnnEltwise.Function.LOG;
            case SQRT -> OneDnnEltwise.Function.SQRT;
            case ABS -> OneDnnEltwise.Function.ABS;
            case SQUARE -> OneDnnEltwise.Function.SQUARE;
            case RECIPROCAL -> OneDnnEltwise.Function.RECIPROCAL;
            case RELU -> OneDnnEltwise.Function.RELU;
            case SIGMOID -> OneDnnEltwise.Function.SIGMOID;
            case TANH -> OneDnnEltwise.Function.TANH;
            case SIGN -> null;   // oneDNN has no sign function
        };
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        OneDnnEltwise.Function f = eltwise(op);
        if (f == null) {
            Backend.super.unary(op, x, out);
            return;
        }
        ops.eltwise().forward(f, x.numel(), x.segment(), out.segment());
    }

    @Override
    public void unaryBackward(UnaryOp op, Tensor x, Tensor y, Tensor gradOut, Tensor gradIn) {
        OneDnnEltwise.Function f = eltwise(op);
        if (f == null) {
            Backend.super.unaryBackward(op, x, y, gradOut, gradIn);
            return;
        }
        Tensor data = f.backwardUsesOutput ? y : x;
        ops.eltwise().backward(f, x.numel(), data.segment(), gradOut.segment(), gradIn.segment());
    }

    // ------------------------------------------------------------------ matrix products

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int m = c.size(-2);
        int n = c.size(-1);
        int k = transA ? a.size(-2) : a.size(-1);
        if (k == 0) {
            Backend.super.gemm(transA, transB, alpha, a, b, beta, c);   // C = beta*C: nothing for oneDNN to do
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
    public void linear(Tensor x, Tensor w, Tensor bias, boolean relu, Tensor y) {
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
    public void conv2dForward(Conv2dSpec spec, Tensor x, Tensor w, Tensor bias, Tensor y) {
        ops.convolution().forward(geometry(spec, x.shape(), w.shape()), x.segment(), w.segment(),
                bias == null ? null : bias.segment(), false, y.segment());
    }

    @Override
    public void conv2dBackwardData(Conv2dSpec spec, Tensor gy, Tensor w, Tensor gx) {
        ops.convolution().backwardData(geometry(spec, gx.shape(), w.shape()), gy.segment(), w.segment(), gx.segment());
    }

    @Override
    public void conv2dBackwardWeights(Conv2dSpec spec, Tensor x, Tensor gy, Tensor gw, Tensor gb) {
        ops.convolution().backwardWeights(geometry(spec, x.shape(), gw.shape()), x.segment(), gy.segment(), gw.segment(),
                gb == null ? null : gb.segment());
    }

    // ------------------------------------------------------------------ pooling

    private static OneDnnPooling.Geometry geometry(Pool2dSpec s, Shape x) {
        return new OneDnnPooling.Geometry(x.size(0), x.size(1), x.size(2), x.size(3), s.kernelH(), s.kernelW(),
                s.strideH(), s.strideW(), s.padH(), s.padW());
    }

    @Override
    public long maxPool2dWorkspaceElements(Pool2dSpec spec, Shape x, Shape y) {
        long bytes = ops.pooling().workspaceBytes(geometry(spec, x));
        return Math.max(1, (bytes + Float.BYTES - 1) / Float.BYTES);
    }

    @Override
    public void maxPool2dForward(Pool2dSpec spec, Tensor x, Tensor y, Tensor workspace) {
        ops.pooling().forward(geometry(spec, x.shape()), OneDnnPooling.Kind.MAX, x.segment(), y.segment(),
                workspace == null ? null : workspace.segment());
    }

    @Override
    public void maxPool2dBackward(Pool2dSpec spec, Tensor x, Tensor gy, Tensor workspace, Tensor gx) {
        ops.pooling().backward(geometry(spec, x.shape()), OneDnnPooling.Kind.MAX, gy.segment(), workspace.segment(),
                gx.segment());
    }

    @Override
    public void avgPool2dForward(Pool2dSpec spec, Tensor x, Tensor y) {
        ops.pooling().forward(geometry(spec, x.shape()), OneDnnPooling.Kind.AVG_INCLUDE_PADDING, x.segment(), y.segment(),
                null);
    }

    @Override
    public void avgPool2dBackward(Pool2dSpec spec, Tensor gy, Tensor gx) {
        ops.pooling().backward(geometry(spec, gx.shape()), OneDnnPooling.Kind.AVG_INCLUDE_PADDING, gy.segment(), null,
                gx.segment());
    }

    // ------------------------------------------------------------------ softmax and batch norm

    @Override
    public void softmax(Tensor x, int dim, boolean log, Tensor y) {
        Shape s = x.shape();
        ops.softmax().forward(s.outer(dim), s.size(dim), s.inner(dim), log, x.segment(), y.segment());
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor gy, int dim, boolean log, Tensor gx) {
        Shape s = y.shape();
        ops.softmax().backward(s.outer(dim), s.size(dim), s.inner(dim), log, y.segment(), gy.segment(), gx.segment());
    }

    private static OneDnnBatchNorm.Geometry geometry(Tensor x) {
        int n = x.size(0);
        int c = x.size(1);
        return new OneDnnBatchNorm.Geometry(n, c, x.numel() / ((long) n * c));
    }

    @Override
    public void batchNormTraining(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor invStd) {
        int c = x.size(1);
        MemoryBlock var = allocator.allocate((long) c * Float.BYTES);
        try {
            MemorySegment v = var.segment();
            ops.batchNorm().forwardTraining(geometry(x), eps, x.segment(), seg(gamma), seg(beta), y.segment(),
                    mean.segment(), v);
            // The SPI keeps 1/sqrt(var + eps); oneDNN gives the biased variance.
            MemorySegment inv = invStd.segment();
            for (int i = 0; i < c; i++) {
                double vi = v.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                inv.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (1.0 / Math.sqrt(vi + eps)));
            }
        } finally {
            var.free();
        }
    }

    @Override
    public void batchNormInference(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float eps,
                                   Tensor y) {
        ops.batchNorm().forwardInference(geometry(x), eps, x.segment(), seg(gamma), seg(beta), runningMean.segment(),
                runningVar.segment(), y.segment());
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gy, Tensor gamma, Tensor mean, Tensor invStd, Tensor gx,
                                  Tensor gGamma, Tensor gBeta) {
        if (gamma == null && gGamma != null) {
            Backend.super.batchNormBackward(x, gy, gamma, mean, invStd, gx, gGamma, gBeta);
            return;
        }
        int c = x.size(1);
        float eps = 0f;
        MemoryBlock var = allocator.allocate((long) c * Float.BYTES);
        try {
            // Back from invStd to a variance: oneDNN adds eps again, so pass var = 1/invStd² and eps = 0.
            MemorySegment inv = invStd.segment();
            MemorySegment v = var.segment();
            for (int i = 0; i < c; i++) {
                double s = inv.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                v.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (1.0 / (s * s)));
            }
            ops.batchNorm().backward(geometry(x), eps, x.segment(), gy.segment(), seg(gamma), mean.segment(), v,
                    gx.segment(), seg(gGamma), seg(gBeta));
        } finally {
            var.free();
        }
    }

    private static MemorySegment seg(Tensor t) {
        return t == null ? null : t.segment();
    }
}
