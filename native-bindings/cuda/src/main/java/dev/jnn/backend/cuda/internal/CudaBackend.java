package dev.jnn.backend.cuda.internal;

import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.AdamStep;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.MemoryBlock;
import dev.jnn.core.spi.Pool2dSpec;
import dev.jnn.core.spi.ReduceOp;
import dev.jnn.core.spi.SgdStep;
import dev.jnn.core.spi.UnaryOp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The "cuda" backend: tensors in device memory of GPU 0, GEMM by cuBLAS, convolution, softmax, batch
 * norm and average pooling by cuDNN ({@link CudnnOps}), everything else by jnn's NVRTC kernels.
 *
 * <p>All work is queued on one non-blocking stream and only copies to the host wait for it: copies
 * to the device go through a ring of pinned slots ({@link UploadRing}), and the loss's target check
 * is reported by the next copy to the host, as CUDA reports device-side errors (so a training loop
 * that reads its loss every few steps never makes the GPU finish one step before queuing the next).
 * TF32 is off unless {@link BackendConfig#allowTf32()} (cuBLAS math mode and cuDNN convolution math
 * type both follow it). Index tensors are not range-checked on the GPU
 * (the loss's targets are); the scatter/index-add kernels add atomically, so their sums may differ
 * in the last bit from run to run.
 */
final class CudaBackend implements Backend {
    private final BackendConfig config;
    private final DeviceInfo device;
    private final MemorySegment stream;
    private final MemorySegment cublas;
    private final DeviceAllocator memory = new DeviceAllocator();
    private final CudaKernels kernels;
    private final CudnnOps cudnn;
    private final StagingBuffer staging = new StagingBuffer();
    private final UploadRing uploads;
    /**
     * 1 + the row of the first out-of-range target since the last copy to the host, or 0. A plain
     * cudaMalloc, not a block of the allocator: the backend's own flag is not tensor memory and must
     * not count in {@link #liveBytes()}.
     */
    private final MemorySegment badTarget;
    private volatile int lastClasses;
    private boolean closed;

    CudaBackend(BackendConfig config) {
        this.config = config;
        CudaRuntime.setDevice(0);
        CudaDriver.init();
        this.device = CudaRuntime.deviceInfo(0);
        this.stream = CudaRuntime.streamCreate();
        this.cublas = Cublas.create();
        Cublas.setStream(cublas, stream);
        Cublas.setMathMode(cublas, config.allowTf32() ? Cublas.TF32_TENSOR_OP_MATH : Cublas.DEFAULT_MATH);
        this.kernels = new CudaKernels(device);
        this.cudnn = new CudnnOps(stream, kernels, memory, config.allowTf32());
        this.uploads = new UploadRing(stream);
        this.badTarget = CudaRuntime.malloc(Integer.BYTES);
        CudaRuntime.memsetAsync(badTarget, 0, Integer.BYTES, stream);
    }

    @Override
    public String name() {
        return "cuda";
    }

    /** Work is queued on a stream; the host waits only when it copies results back. */
    @Override
    public boolean asynchronous() {
        return true;
    }

    @Override
    public String description() {
        return "cuda on " + device + ", TF32 " + (config.allowTf32() ? "on" : "off");
    }

    @Override
    public int threads() {
        return config.threads();
    }

    @Override
    public MemoryBlock allocate(long bytes) {
        return memory.allocate(bytes);
    }

    @Override
    public long liveBytes() {
        return memory.liveBytes();
    }

    @Override
    public void copyFromHost(MemorySegment src, long srcOffset, MemoryBlock dst, long dstOffset, long bytes) {
        uploads.upload(src, srcOffset, at(dst, dstOffset), bytes);
    }

    @Override
    public void copyToHost(MemoryBlock src, long srcOffset, MemorySegment dst, long dstOffset, long bytes) {
        long flagAt = (bytes + 7) & ~7L;
        MemorySegment pinned = staging.get(flagAt + Integer.BYTES);
        CudaRuntime.memcpyAsync(pinned, at(src, srcOffset), bytes, CudaRuntime.MEMCPY_DEVICE_TO_HOST, stream);
        CudaRuntime.memcpyAsync(pinned.asSlice(flagAt), badTarget, Integer.BYTES,
                CudaRuntime.MEMCPY_DEVICE_TO_HOST, stream);
        CudaRuntime.streamSynchronize(stream);
        MemorySegment.copy(pinned, 0, dst, dstOffset, bytes);
        reportBadTarget(pinned.get(ValueLayout.JAVA_INT, flagAt));
    }

    @Override
    public void synchronize() {
        MemorySegment pinned = staging.get(Integer.BYTES);
        CudaRuntime.memcpyAsync(pinned, badTarget, Integer.BYTES, CudaRuntime.MEMCPY_DEVICE_TO_HOST, stream);
        CudaRuntime.streamSynchronize(stream);
        reportBadTarget(pinned.get(ValueLayout.JAVA_INT, 0));
    }

    /** Throws for a target the loss kernel found out of range since the last read, and clears the flag. */
    private void reportBadTarget(int flag) {
        if (flag == 0) return;
        CudaRuntime.memsetAsync(badTarget, 0, Integer.BYTES, stream);
        throw new IllegalArgumentException("crossEntropy: the target of row " + (flag - 1) + " (of a batch since the last "
                + "read from the GPU) is out of range [0, " + lastClasses + ") or not a whole number");
    }

    // ------------------------------------------------------------------ element-wise

    @Override
    public void fill(TensorView out, float value) {
        launch(Kernel.FILL, out.numel(), ptr(out), value, out.numel());
    }

    @Override
    public void copy(TensorView src, TensorView out) {
        CudaRuntime.memcpyAsync(ptr(out), ptr(src), out.numel() * Float.BYTES, CudaRuntime.MEMCPY_DEVICE_TO_DEVICE, stream);
    }

    @Override
    public void unary(UnaryOp op, TensorView x, TensorView out) {
        launch(Kernel.UNARY, out.numel(), op.ordinal(), ptr(x), ptr(out), out.numel());
    }

    @Override
    public void unaryBackward(UnaryOp op, TensorView x, TensorView y, TensorView gradOut, TensorView gradIn) {
        launch(Kernel.UNARY_BACKWARD, gradIn.numel(), op.ordinal(), ptrOrNull(x), ptrOrNull(y), ptr(gradOut),
                ptr(gradIn), gradIn.numel());
    }

    @Override
    public void binary(BinaryOp op, TensorView a, TensorView b, TensorView out) {
        Broadcast ba;
        Broadcast bb;
        try {
            ba = Broadcast.of(a.shape(), out.shape());
            bb = Broadcast.of(b.shape(), out.shape());
        } catch (UnsupportedOperationException general) {
            // Broadcasts such as [4, 1, 5] with [3, 5]: the general kernel walks the strides.
            launch(Kernel.BINARY_STRIDED, out.numel(), op.ordinal(), ptr(a), ptr(b), ptr(out), out.numel(),
                    Kernel.layout(out.shape().dims(), a.shape().broadcastStrides(out.shape()),
                            b.shape().broadcastStrides(out.shape())));
            return;
        }
        launch(Kernel.BINARY, out.numel(), op.ordinal(), ptr(a), ba.div(), ba.mod(), ptr(b), bb.div(), bb.mod(),
                ptr(out), out.numel());
    }

    @Override
    public void binaryScalar(BinaryOp op, TensorView a, float s, TensorView out) {
        launch(Kernel.BINARY_SCALAR, out.numel(), op.ordinal(), ptr(a), s, ptr(out), out.numel());
    }

    @Override
    public void axpy(float alpha, TensorView x, TensorView y) {
        launch(Kernel.AXPY, y.numel(), alpha, ptr(x), ptr(y), y.numel());
    }

    @Override
    public void dropout(TensorView x, TensorView mask, float scale, TensorView out) {
        launch(Kernel.DROPOUT, out.numel(), ptr(x), ptr(mask), scale, ptr(out), out.numel());
    }

    /** Fills {@code mask} with 1 (keep, probability 1 − p) or 0 from a counter-based hash of {@code seed}. */
    void dropoutMask(TensorView mask, float p, long seed) {
        launch(Kernel.DROPOUT_MASK, mask.numel(), ptr(mask), p, seed, mask.numel());
    }

    /**
     * Builds a training batch on the device from a resident uint8 dataset: {@code images[b] =
     * (data[indices[b]] / 255 − mean) / std} and {@code labels[b] = labelData[indices[b]]}. Only the
     * indices cross the bus (one small copy per step).
     *
     * @param data       {@code samples × sampleSize} bytes, uploaded once with {@link #copyFromHost}
     * @param labelData  {@code samples} bytes
     * @param images     {@code [batch, sampleSize…]} output
     * @param labels     {@code [batch]} output, class indices as floats
     */
    void gatherU8Batch(MemoryBlock data, MemoryBlock labelData, int[] indices, int sampleSize, float mean, float std,
                       TensorView images, TensorView labels) {
        int batch = indices.length;
        MemoryBlock idx = memory.allocate((long) batch * Integer.BYTES);
        try {
            copyFromHost(MemorySegment.ofArray(indices), 0, idx, 0, (long) batch * Integer.BYTES);
            launch(Kernel.GATHER_U8_BATCH, (long) batch * sampleSize, data.segment(), idx.segment(), ptr(images), batch,
                    sampleSize, mean, 1f / std);
            launch(Kernel.GATHER_U8_LABELS, batch, labelData.segment(), idx.segment(), ptr(labels), batch);
        } finally {
            idx.free();
        }
    }

    // ------------------------------------------------------------------ reductions

    @Override
    public void reduce(ReduceOp op, TensorView x, int dim, TensorView out) {
        int d = dim < 0 ? dim + x.rank() : dim;
        long inner = x.shape().inner(d);
        if (inner != 1) {
            long outer = x.shape().outer(d);
            launch(Kernel.REDUCE_DIM, outer * inner, op.ordinal(), ptr(x), ptr(out), outer, x.size(d), inner);
            return;
        }
        int cols = x.size(d);
        int rows = Math.toIntExact(x.shape().outer(d));   // not numel / cols: an empty dim still has its rows
        kernels.launch(Kernel.REDUCE_LAST_DIM, rowGrid(rows), stream, op.ordinal(), ptr(x), ptr(out), rows, cols);
    }

    @Override
    public void sumToShape(TensorView x, TensorView out) {
        if (out.numel() == x.numel()) {
            copy(x, out);
            return;
        }
        Broadcast b;
        try {
            b = Broadcast.of(out.shape(), x.shape());
        } catch (UnsupportedOperationException general) {
            fill(out, 0f);
            launch(Kernel.SUM_TO_SHAPE, x.numel(), ptr(x), ptr(out), x.numel(),
                    Kernel.layout(x.shape().dims(), out.shape().broadcastStrides(x.shape()), null));
            return;
        }
        long inner = b.div();
        long mid = b.mod();
        long outer = x.numel() / (inner * mid);
        if (inner == 1) {
            sumRows(ptr(x), ptr(out), outer, mid);
        } else if (outer == 1) {
            int rows = Math.toIntExact(mid);
            kernels.launch(Kernel.REDUCE_LAST_DIM, rowGrid(rows), stream, ReduceOp.SUM.ordinal(), ptr(x), ptr(out),
                    rows, Math.toIntExact(inner));
        } else {
            // [outer, mid, inner]: sum the inner runs first, then the columns of [outer, mid].
            MemoryBlock tmp = memory.allocate(outer * mid * Float.BYTES);
            try {
                int rows = Math.toIntExact(outer * mid);
                kernels.launch(Kernel.REDUCE_LAST_DIM, rowGrid(rows), stream, ReduceOp.SUM.ordinal(), ptr(x),
                        tmp.segment(), rows, Math.toIntExact(inner));
                sumRows(tmp.segment(), ptr(out), outer, mid);
            } finally {
                tmp.free();  // safe at once: whoever reuses it next queues on the same stream, after these kernels
            }
        }
    }

    private void sumRows(MemorySegment x, MemorySegment out, long rows, long cols) {
        launch(Kernel.SUM_ROWS, cols, x, out, Math.toIntExact(rows), Math.toIntExact(cols), 0f);
    }

    // ------------------------------------------------------------------ GEMM

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, TensorView a, TensorView b, float beta, TensorView c) {
        // cuBLAS is column-major: a row-major C = op(A)·op(B) is the column-major C^T = op(B)^T·op(A)^T.
        int m = c.size(-2), n = c.size(-1), k = transA ? a.size(-2) : a.size(-1);
        int lda = a.size(-1), ldb = b.size(-1);
        int opA = transA ? Cublas.OP_T : Cublas.OP_N;
        int opB = transB ? Cublas.OP_T : Cublas.OP_N;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment al = Cublas.scalar(arena, alpha);
            MemorySegment be = Cublas.scalar(arena, beta);
            if (c.rank() == 3) {
                long sa = a.rank() == 3 ? (long) a.size(1) * a.size(2) : 0;
                long sb = b.rank() == 3 ? (long) b.size(1) * b.size(2) : 0;
                Cublas.sgemmStridedBatched(cublas, opB, opA, n, m, k, al, ptr(b), ldb, sb, ptr(a), lda, sa, be, ptr(c), n,
                        (long) m * n, c.size(0));
            } else {
                Cublas.sgemm(cublas, opB, opA, n, m, k, al, ptr(b), ldb, ptr(a), lda, be, ptr(c), n);
            }
        }
    }

    // ------------------------------------------------------------------ cuDNN ops

    @Override
    public void conv2dForward(Conv2dSpec spec, TensorView x, TensorView w, TensorView bias, TensorView y) {
        cudnn.convForward(spec, x, w, bias, y);
    }

    @Override
    public void conv2dBackwardData(Conv2dSpec spec, TensorView gy, TensorView w, TensorView gx) {
        cudnn.convBackwardData(spec, gy, w, gx);
    }

    @Override
    public void conv2dBackwardWeights(Conv2dSpec spec, TensorView x, TensorView gy, TensorView gw, TensorView gb) {
        cudnn.convBackwardWeights(spec, x, gy, gw, gb);
    }

    @Override
    public void avgPool2dForward(Pool2dSpec spec, TensorView x, TensorView y) {
        cudnn.avgPoolForward(spec, x, y);
    }

    @Override
    public void avgPool2dBackward(Pool2dSpec spec, TensorView gy, TensorView gx) {
        cudnn.avgPoolBackward(spec, gy, gx);
    }

    @Override
    public void softmax(TensorView x, int dim, boolean log, TensorView y) {
        cudnn.softmax(x, dim, log, y);
    }

    @Override
    public void softmaxBackward(TensorView y, TensorView gy, int dim, boolean log, TensorView gx) {
        cudnn.softmaxBackward(y, gy, dim, log, gx);
    }

    @Override
    public void batchNormTraining(TensorView x, TensorView gamma, TensorView beta, float eps, TensorView y, TensorView mean, TensorView invStd) {
        cudnn.batchNormTraining(x, gamma, beta, eps, y, mean, invStd);
    }

    @Override
    public void batchNormInference(TensorView x, TensorView gamma, TensorView beta, TensorView runningMean, TensorView runningVar, float eps,
                                   TensorView y) {
        cudnn.batchNormInference(x, gamma, beta, runningMean, runningVar, eps, y);
    }

    @Override
    public void batchNormBackward(TensorView x, TensorView gy, TensorView gamma, TensorView mean, TensorView invStd, TensorView gx, TensorView gGamma,
                                  TensorView gBeta) {
        cudnn.batchNormBackward(x, gy, gamma, mean, invStd, gx, gGamma, gBeta);
    }

    // ------------------------------------------------------------------ max pooling (own kernels: argmax workspace)

    @Override
    public void maxPool2dForward(Pool2dSpec s, TensorView x, TensorView y, TensorView workspace) {
        int planes = x.size(0) * x.size(1);
        launch(Kernel.MAX_POOL2D, y.numel(), ptr(x), ptr(y), ptrOrNull(workspace), planes, x.size(2), x.size(3), y.size(2),
                y.size(3), s.kernelH(), s.kernelW(), s.strideH(), s.strideW(), s.padH(), s.padW());
    }

    @Override
    public void maxPool2dBackward(Pool2dSpec s, TensorView x, TensorView gy, TensorView workspace, TensorView gx) {
        fill(gx, 0f);
        launch(Kernel.MAX_POOL2D_BACKWARD, gy.numel(), ptr(gy), ptr(workspace), ptr(gx), gy.size(0) * gy.size(1),
                x.size(2) * x.size(3), gy.size(2) * gy.size(3));
    }

    // ------------------------------------------------------------------ loss and optimizers

    @Override
    public void crossEntropy(TensorView logits, TensorView targets, float smoothing, TensorView loss, TensorView probs) {
        int n = logits.size(0), c = logits.size(1);
        lastClasses = c;
        // A bad target sets the flag; the next copy to the host reports it (reportBadTarget).
        kernels.launch(Kernel.CROSS_ENTROPY, rowGrid(n), stream, ptr(logits), ptr(targets),
                smoothing, ptr(loss), ptr(probs), n, c, badTarget);
    }

    @Override
    public void crossEntropyBackward(TensorView probs, TensorView targets, float smoothing, TensorView gLoss, TensorView gx) {
        launch(Kernel.CROSS_ENTROPY_BACKWARD, gx.numel(), ptr(probs), ptr(targets), smoothing, ptr(gLoss), ptr(gx),
                probs.size(0), probs.size(1));
    }

    @Override
    public void sgdUpdate(SgdStep h, TensorView param, TensorView grad, TensorView momentumBuffer) {
        launch(Kernel.SGD_UPDATE, param.numel(), ptr(param), ptr(grad), ptrOrNull(momentumBuffer), h.lr(), h.momentum(),
                h.dampening(), h.weightDecay(), h.nesterov() ? 1 : 0, h.firstStep() ? 1 : 0, param.numel());
    }

    @Override
    public void adamUpdate(AdamStep h, TensorView param, TensorView grad, TensorView expAvg, TensorView expAvgSq, TensorView maxExpAvgSq) {
        double bc1 = 1 - Math.pow(h.beta1(), h.step());
        double bc2 = 1 - Math.pow(h.beta2(), h.step());
        launch(Kernel.ADAM_UPDATE, param.numel(), ptr(param), ptr(grad), ptr(expAvg), ptr(expAvgSq), ptrOrNull(maxExpAvgSq),
                h.lr(), h.beta1(), h.beta2(), h.eps(), h.weightDecay(), h.decoupled() ? 1 : 0, (float) (h.lr() / bc1),
                (float) Math.sqrt(bc2), param.numel());
    }

    // ------------------------------------------------------------------ layout ops

    @Override
    public void stridedCopy(TensorView src, long[] srcStrides, TensorView out) {
        launch(Kernel.STRIDED_COPY, out.numel(), ptr(src), ptr(out), out.numel(), Kernel.layout(out.shape().dims(), srcStrides, null));
    }

    @Override
    public void stridedWrite(TensorView src, TensorView dst, long dstOffset, long[] dstStrides) {
        launch(Kernel.STRIDED_WRITE, src.numel(), ptr(src), at(dst.block(), (dst.offset() + dstOffset) * Float.BYTES),
                src.numel(), Kernel.layout(src.shape().dims(), dstStrides, null));
    }

    @Override
    public void indexSelect(TensorView x, int dim, TensorView index, TensorView out) {
        int d = dim < 0 ? dim + x.rank() : dim;
        launch(Kernel.INDEX_SELECT, out.numel(), ptr(x), ptr(index), ptr(out), x.shape().outer(d), x.size(d),
                Math.toIntExact(index.numel()), x.shape().inner(d));
    }

    @Override
    public void indexAdd(TensorView src, int dim, TensorView index, TensorView out) {
        int d = dim < 0 ? dim + out.rank() : dim;
        launch(Kernel.INDEX_ADD, src.numel(), ptr(src), ptr(index), ptr(out), out.shape().outer(d), out.size(d),
                Math.toIntExact(index.numel()), out.shape().inner(d));
    }

    @Override
    public void gather(TensorView x, int dim, TensorView index, TensorView out) {
        int d = dim < 0 ? dim + x.rank() : dim;
        launch(Kernel.GATHER, index.numel(), ptr(x), ptr(index), ptr(out), index.numel(), d,
                Kernel.layout(index.shape().dims(), x.shape().strides(), null));
    }

    @Override
    public void scatterAdd(TensorView src, int dim, TensorView index, TensorView out) {
        int d = dim < 0 ? dim + out.rank() : dim;
        launch(Kernel.SCATTER_ADD, index.numel(), ptr(src), ptr(index), ptr(out), index.numel(), d,
                Kernel.layout(index.shape().dims(), out.shape().strides(), src.shape().strides()));
    }

    // ------------------------------------------------------------------ plumbing

    /** One block per row, at most 65,535 (the kernels loop over the rest), and at least one. */
    private static int rowGrid(int rows) {
        return Math.max(1, Math.min(rows, 65535));
    }

    private void launch(Kernel k, long n, Object... args) {
        kernels.launch(k, CudaKernels.grid(n), stream, args);
    }

    /** The device address of a tensor's first element. */
    static MemorySegment ptr(TensorView t) {
        return at(t.block(), t.offset() * Float.BYTES);
    }

    private static MemorySegment ptrOrNull(TensorView t) {
        return t == null ? MemorySegment.NULL : ptr(t);
    }

    private static MemorySegment at(MemoryBlock block, long byteOffset) {
        return MemorySegment.ofAddress(block.segment().address() + byteOffset);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        CudaRuntime.streamSynchronize(stream);
        cudnn.close();
        kernels.close();
        Cublas.destroy(cublas);
        staging.close();
        uploads.close();
        CudaRuntime.free(badTarget);
        memory.close();
        CudaRuntime.streamDestroy(stream);
    }
}
