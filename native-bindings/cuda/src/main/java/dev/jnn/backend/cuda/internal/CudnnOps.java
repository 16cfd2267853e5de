package dev.jnn.backend.cuda.internal;

import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.MemoryBlock;
import dev.jnn.core.spi.Pool2dSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ops of the cuda backend that cuDNN 9's legacy API runs: convolution (forward, backward data,
 * backward filter, bias), average pooling, softmax and batch norm. Owns the cuDNN handle.
 *
 * <p>Convolution algorithms come from cuDNN's heuristics ({@code cudnnGet…Algorithm_v7}), cached per
 * shape: deterministic from run to run and free, where {@code cudnnFind…} (also bound) would time
 * every algorithm and allocate on its own. Workspaces come from the backend's caching allocator,
 * capped at {@link #MAX_WORKSPACE}. All outputs are overwritten (beta = 0) except where noted.
 */
final class CudnnOps implements AutoCloseable {
    static final long MAX_WORKSPACE = 512L << 20;
    /** {@code CUDNN_BN_MIN_EPSILON}: cuDNN rejects a smaller epsilon. */
    static final double BN_MIN_EPSILON = 1e-5;

    private final MemorySegment handle;
    private final MemorySegment stream;
    private final CudaKernels kernels;
    private final DeviceAllocator memory;
    private final boolean allowTf32;
    private final Map<String, long[]> algorithms = new HashMap<>();
    private final Arena constants = Arena.ofConfined();
    private final MemorySegment one;
    private final MemorySegment zero;

    CudnnOps(MemorySegment stream, CudaKernels kernels, DeviceAllocator memory, boolean allowTf32) {
        this.handle = Cudnn.create(Cudnn.CREATE, "cudnnCreate");
        this.stream = stream;
        this.kernels = kernels;
        Cudnn.call(Cudnn.SET_STREAM, "cudnnSetStream", handle, stream);
        this.memory = memory;
        this.allowTf32 = allowTf32;
        this.one = Cublas.scalar(constants, 1f);
        this.zero = Cublas.scalar(constants, 0f);
    }

    void convForward(Conv2dSpec s, TensorView x, TensorView w, TensorView bias, TensorView y) {
        try (CudnnDescriptors d = new CudnnDescriptors()) {
            MemorySegment xd = d.tensor(x), wd = d.filter(w), cd = d.convolution(s, allowTf32), yd = d.tensor(y);
            int[] expected = Cudnn.outputDims(cd, xd, wd);
            if (!java.util.Arrays.equals(expected, y.shape().dims())) {
                throw new IllegalArgumentException("conv2d: output " + y.shape() + " does not match input " + x.shape()
                        + ", weight " + w.shape() + " and " + s + ", which give " + java.util.Arrays.toString(expected));
            }
            long[] algo = algorithm("fwd", s, x, w, y, Cudnn.GET_FWD_ALGO_V7, "cudnnGetConvolutionForwardAlgorithm_v7",
                    xd, wd, cd, yd);
            withWorkspace(algo[1], ws -> Cudnn.call(Cudnn.CONVOLUTION_FORWARD, "cudnnConvolutionForward", handle, one, xd,
                    CudaBackend.ptr(x), wd, CudaBackend.ptr(w), cd, (int) algo[0], ws, algo[1], zero, yd, CudaBackend.ptr(y)));
            if (bias != null) {
                MemorySegment bd = d.tensor(1, bias.size(0), 1, 1);
                Cudnn.call(Cudnn.ADD_TENSOR, "cudnnAddTensor", handle, one, bd, CudaBackend.ptr(bias), one, yd, CudaBackend.ptr(y));
            }
        }
    }

    void convBackwardData(Conv2dSpec s, TensorView gy, TensorView w, TensorView gx) {
        try (CudnnDescriptors d = new CudnnDescriptors()) {
            MemorySegment wd = d.filter(w), gyd = d.tensor(gy), cd = d.convolution(s, allowTf32), gxd = d.tensor(gx);
            long[] algo = algorithm("bwd-data", s, gx, w, gy, Cudnn.GET_BWD_DATA_ALGO_V7,
                    "cudnnGetConvolutionBackwardDataAlgorithm_v7", wd, gyd, cd, gxd);
            withWorkspace(algo[1], ws -> Cudnn.call(Cudnn.CONVOLUTION_BACKWARD_DATA, "cudnnConvolutionBackwardData", handle, one,
                    wd, CudaBackend.ptr(w), gyd, CudaBackend.ptr(gy), cd, (int) algo[0], ws, algo[1], zero, gxd,
                    CudaBackend.ptr(gx)));
        }
    }

    void convBackwardWeights(Conv2dSpec s, TensorView x, TensorView gy, TensorView gw, TensorView gb) {
        try (CudnnDescriptors d = new CudnnDescriptors()) {
            MemorySegment xd = d.tensor(x), gyd = d.tensor(gy), cd = d.convolution(s, allowTf32), gwd = d.filter(gw);
            long[] algo = algorithm("bwd-filter", s, x, gw, gy, Cudnn.GET_BWD_FILTER_ALGO_V7,
                    "cudnnGetConvolutionBackwardFilterAlgorithm_v7", xd, gyd, cd, gwd);
            withWorkspace(algo[1], ws -> Cudnn.call(Cudnn.CONVOLUTION_BACKWARD_FILTER, "cudnnConvolutionBackwardFilter", handle,
                    one, xd, CudaBackend.ptr(x), gyd, CudaBackend.ptr(gy), cd, (int) algo[0], ws, algo[1], zero, gwd,
                    CudaBackend.ptr(gw)));
            if (gb != null) {
                MemorySegment bd = d.tensor(1, gb.size(0), 1, 1);
                Cudnn.call(Cudnn.CONVOLUTION_BACKWARD_BIAS, "cudnnConvolutionBackwardBias", handle, one, gyd,
                        CudaBackend.ptr(gy), zero, bd, CudaBackend.ptr(gb));
            }
        }
    }

    void avgPoolForward(Pool2dSpec s, TensorView x, TensorView y) {
        try (CudnnDescriptors d = new CudnnDescriptors()) {
            // PyTorch's default (count_include_pad) and jnn's reference: divide by the full window.
            MemorySegment pd = d.pooling(s, Cudnn.POOLING_AVERAGE_INCLUDE_PADDING);
            Cudnn.call(Cudnn.POOLING_FORWARD, "cudnnPoolingForward", handle, pd, one, d.tensor(x), CudaBackend.ptr(x), zero,
                    d.tensor(y), CudaBackend.ptr(y));
        }
    }

    void avgPoolBackward(Pool2dSpec s, TensorView gy, TensorView gx) {
        try (CudnnDescriptors d = new CudnnDescriptors()) {
            MemorySegment pd = d.pooling(s, Cudnn.POOLING_AVERAGE_INCLUDE_PADDING);
            MemorySegment gyd = d.tensor(gy), gxd = d.tensor(gx);
            // Average pooling's gradient reads neither y nor x; cuDNN still takes them, so dy and dx
            // stand in with matching descriptors (needs checking on a GPU: see the README).
            Cudnn.call(Cudnn.POOLING_BACKWARD, "cudnnPoolingBackward", handle, pd, one, gyd, CudaBackend.ptr(gy), gyd,
                    CudaBackend.ptr(gy), gxd, CudaBackend.ptr(gx), zero, gxd, CudaBackend.ptr(gx));
        }
    }

    void softmax(TensorView x, int dim, boolean log, TensorView y) {
        try (CudnnDescriptors d = new CudnnDescriptors()) {
            MemorySegment xd = softmaxView(d, x, dim);
            Cudnn.call(Cudnn.SOFTMAX_FORWARD, "cudnnSoftmaxForward", handle, log ? Cudnn.SOFTMAX_LOG : Cudnn.SOFTMAX_ACCURATE,
                    SOFTMAX_MODE_CHANNEL, one, xd, CudaBackend.ptr(x), zero, xd, CudaBackend.ptr(y));
        }
    }

    void softmaxBackward(TensorView y, TensorView gy, int dim, boolean log, TensorView gx) {
        try (CudnnDescriptors d = new CudnnDescriptors()) {
            MemorySegment yd = softmaxView(d, y, dim);
            Cudnn.call(Cudnn.SOFTMAX_BACKWARD, "cudnnSoftmaxBackward", handle, log ? Cudnn.SOFTMAX_LOG : Cudnn.SOFTMAX_ACCURATE,
                    SOFTMAX_MODE_CHANNEL, one, yd, CudaBackend.ptr(y), yd, CudaBackend.ptr(gy), zero, yd, CudaBackend.ptr(gx));
        }
    }

    /** {@code CUDNN_SOFTMAX_MODE_CHANNEL}: softmax over C for each (n, h, w). */
    private static final int SOFTMAX_MODE_CHANNEL = 1;

    // Any dim becomes C of [outer, n, inner, 1], so one cuDNN call covers softmax along any axis.
    private static MemorySegment softmaxView(CudnnDescriptors d, TensorView t, int dim) {
        int k = dim < 0 ? dim + t.rank() : dim;
        return d.tensor(Math.toIntExact(t.shape().outer(k)), t.size(k), Math.toIntExact(t.shape().inner(k)), 1);
    }

    void batchNormTraining(TensorView x, TensorView gamma, TensorView beta, float eps, TensorView y, TensorView mean, TensorView invStd) {
        double epsilon = cudnnEpsilon(eps);
        try (CudnnDescriptors d = new CudnnDescriptors(); Affine p = new Affine(gamma, beta, x.size(1))) {
            MemorySegment xd = d.tensor(x), bn = d.batchNorm(xd, Cudnn.BATCHNORM_SPATIAL);
            // No running statistics here (null buffers, factor 0): the layer updates them itself.
            Cudnn.call(Cudnn.BN_FORWARD_TRAINING, "cudnnBatchNormalizationForwardTraining", handle, Cudnn.BATCHNORM_SPATIAL, one,
                    zero, xd, CudaBackend.ptr(x), xd, CudaBackend.ptr(y), bn, p.scale, p.shift, 0.0, MemorySegment.NULL,
                    MemorySegment.NULL, epsilon, CudaBackend.ptr(mean), CudaBackend.ptr(invStd));
        }
    }

    void batchNormInference(TensorView x, TensorView gamma, TensorView beta, TensorView runningMean, TensorView runningVar, float eps, TensorView y) {
        double epsilon = cudnnEpsilon(eps);
        try (CudnnDescriptors d = new CudnnDescriptors(); Affine p = new Affine(gamma, beta, x.size(1))) {
            MemorySegment xd = d.tensor(x), bn = d.batchNorm(xd, Cudnn.BATCHNORM_SPATIAL);
            Cudnn.call(Cudnn.BN_FORWARD_INFERENCE, "cudnnBatchNormalizationForwardInference", handle, Cudnn.BATCHNORM_SPATIAL,
                    one, zero, xd, CudaBackend.ptr(x), xd, CudaBackend.ptr(y), bn, p.scale, p.shift,
                    CudaBackend.ptr(runningMean), CudaBackend.ptr(runningVar), epsilon);
        }
    }

    void batchNormBackward(TensorView x, TensorView gy, TensorView gamma, TensorView mean, TensorView invStd, TensorView gx, TensorView gGamma, TensorView gBeta) {
        int c = x.size(1);
        try (CudnnDescriptors d = new CudnnDescriptors(); Affine p = new Affine(gamma, null, c)) {
            MemorySegment xd = d.tensor(x), bn = d.batchNorm(xd, Cudnn.BATCHNORM_SPATIAL);
            MemoryBlock dg = gGamma == null ? memory.allocate((long) c * Float.BYTES) : null;
            MemoryBlock db = gBeta == null ? memory.allocate((long) c * Float.BYTES) : null;
            try {
                // epsilon is unused when the saved mean and inverse deviation are passed, but must be valid.
                Cudnn.call(Cudnn.BN_BACKWARD, "cudnnBatchNormalizationBackward", handle, Cudnn.BATCHNORM_SPATIAL, one, zero, one,
                        zero, xd, CudaBackend.ptr(x), xd, CudaBackend.ptr(gy), xd, CudaBackend.ptr(gx), bn, p.scale,
                        gGamma == null ? dg.segment() : CudaBackend.ptr(gGamma), gBeta == null ? db.segment() : CudaBackend.ptr(gBeta),
                        BN_MIN_EPSILON, CudaBackend.ptr(mean), CudaBackend.ptr(invStd));
            } finally {
                if (dg != null) dg.free();
                if (db != null) db.free();
            }
        }
    }

    /**
     * The epsilon to hand cuDNN for a layer's float {@code eps}. PyTorch's default 1e-5 is, as a float,
     * 9.99999974e-6, just below {@code CUDNN_BN_MIN_EPSILON} as a double, which cuDNN would refuse; so
     * the comparison is made in float and cuDNN gets at least its minimum (a change of 2.5e-13).
     */
    static double cudnnEpsilon(float eps) {
        if (!(eps >= (float) BN_MIN_EPSILON)) {
            throw new IllegalArgumentException("cuda backend: batch norm eps " + eps + " is below cuDNN's minimum "
                    + BN_MIN_EPSILON + "; use eps >= 1e-5");
        }
        return Math.max(eps, BN_MIN_EPSILON);
    }

    /** gamma and beta, or device ones and zeros standing in for an affine-free batch norm. */
    private final class Affine implements AutoCloseable {
        final MemorySegment scale;
        final MemorySegment shift;
        private final List<MemoryBlock> temps = new java.util.ArrayList<>();

        Affine(TensorView gamma, TensorView beta, int channels) {
            scale = gamma != null ? CudaBackend.ptr(gamma) : constant(channels, 1f);
            shift = beta != null ? CudaBackend.ptr(beta) : constant(channels, 0f);
        }

        private MemorySegment constant(int channels, float value) {
            MemoryBlock b = memory.allocate((long) channels * Float.BYTES);
            temps.add(b);
            kernels.launch(Kernel.FILL, CudaKernels.grid(channels), stream, b.segment(), value, (long) channels);
            return b.segment();
        }

        @Override
        public void close() {
            temps.forEach(MemoryBlock::free);
        }
    }

    private long[] algorithm(String direction, Conv2dSpec s, TensorView x, TensorView w, TensorView y, MethodHandle query, String name,
                             MemorySegment d1, MemorySegment d2, MemorySegment conv, MemorySegment d3) {
        String key = direction + s + x.shape() + w.shape() + y.shape();
        return algorithms.computeIfAbsent(key, k -> Cudnn.chooseAlgorithm(query, name, handle, d1, d2, conv, d3, MAX_WORKSPACE));
    }

    private void withWorkspace(long bytes, java.util.function.Consumer<MemorySegment> run) {
        if (bytes == 0) {
            run.accept(MemorySegment.NULL);
            return;
        }
        MemoryBlock ws = memory.allocate(bytes);
        try {
            run.accept(ws.segment());
        } finally {
            ws.free();  // reused only by later work on the same stream, so no wait is needed
        }
    }

    @Override
    public void close() {
        Cudnn.call(Cudnn.DESTROY, "cudnnDestroy", handle);
        constants.close();
    }
}
