package dev.jnn.backend.onednn.internal;

import dev.jnn.core.Shape;
import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.HostAllocator;
import dev.jnn.core.spi.MemoryBlock;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Softmax and batch normalisation of {@link OneDnnBackend}. jnn's SPI keeps batch statistics as
 * mean and {@code invStd = 1/sqrt(var + eps)}; oneDNN keeps mean and variance, so these kernels
 * convert between the two through a small temporary of C floats.
 */
final class OneDnnNormalizationKernels {
    private final OneDnnOps ops;
    private final HostAllocator allocator;

    OneDnnNormalizationKernels(OneDnnOps ops, HostAllocator allocator) {
        this.ops = ops;
        this.allocator = allocator;
    }

    void softmax(TensorView x, int dim, boolean log, TensorView y) {
        Shape s = x.shape();
        ops.softmax().forward(s.outer(dim), s.size(dim), s.inner(dim), log, x.segment(), y.segment());
    }

    void softmaxBackward(TensorView y, TensorView gy, int dim, boolean log, TensorView gx) {
        Shape s = y.shape();
        ops.softmax().backward(s.outer(dim), s.size(dim), s.inner(dim), log, y.segment(), gy.segment(), gx.segment());
    }

    private static OneDnnBatchNorm.Geometry geometry(TensorView x) {
        int n = x.size(0);
        int c = x.size(1);
        return new OneDnnBatchNorm.Geometry(n, c, x.numel() / ((long) n * c));
    }

    private static MemorySegment seg(TensorView t) {
        return t == null ? null : t.segment();
    }

    void batchNormTraining(TensorView x, TensorView gamma, TensorView beta, float eps, TensorView y, TensorView mean, TensorView invStd) {
        int c = x.size(1);
        MemoryBlock var = allocator.allocate((long) c * Float.BYTES);
        try {
            MemorySegment v = var.segment();
            ops.batchNorm().forwardTraining(geometry(x), eps, x.segment(), seg(gamma), seg(beta), y.segment(),
                    mean.segment(), v);
            MemorySegment inv = invStd.segment();
            for (int i = 0; i < c; i++) {
                double vi = v.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                inv.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (1.0 / Math.sqrt(vi + eps)));
            }
        } finally {
            var.free();
        }
    }

    void batchNormInference(TensorView x, TensorView gamma, TensorView beta, TensorView runningMean, TensorView runningVar, float eps,
                            TensorView y) {
        ops.batchNorm().forwardInference(geometry(x), eps, x.segment(), seg(gamma), seg(beta), runningMean.segment(),
                runningVar.segment(), y.segment());
    }

    /** Returns false (nothing done) for a gamma gradient without gamma, which oneDNN cannot express. */
    boolean batchNormBackward(TensorView x, TensorView gy, TensorView gamma, TensorView mean, TensorView invStd, TensorView gx, TensorView gGamma,
                              TensorView gBeta) {
        if (gamma == null && gGamma != null) return false;
        int c = x.size(1);
        MemoryBlock var = allocator.allocate((long) c * Float.BYTES);
        try {
            // oneDNN adds eps to the variance itself: hand it var + eps = 1/invStd² with eps 0, so that
            // nothing is lost by subtracting eps here and adding it back there.
            MemorySegment inv = invStd.segment();
            MemorySegment v = var.segment();
            for (int i = 0; i < c; i++) {
                double s = inv.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                v.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (1.0 / (s * s)));
            }
            ops.batchNorm().backward(geometry(x), 0f, x.segment(), gy.segment(), seg(gamma), mean.segment(), v,
                    gx.segment(), seg(gGamma), seg(gBeta));
        } finally {
            var.free();
        }
        return true;
    }
}
