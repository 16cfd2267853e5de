package dev.jnn.backend.vector.internal;

import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.backend.vector.internal.kernels.Simd;
import dev.jnn.core.spi.AdamStep;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.HostBackend;
import dev.jnn.core.spi.Pool2dSpec;
import dev.jnn.core.spi.ReduceOp;
import dev.jnn.core.spi.SgdStep;
import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.UnaryOp;
import java.util.Set;
import jdk.incubator.vector.FloatVector;

/**
 * The pure-Java SIMD backend: off-heap host memory from a caching allocator, kernels written with
 * the Vector API, run on a fixed pool of {@code threads} threads (one {@link Parallel} per backend,
 * closed with it).
 *
 * <p>Every kernel of the SPI is overridden with a direct implementation on the tensors' host
 * memory; none goes through the reference kernels' host copies, except element-wise ops that have
 * no kernel here yet (not in {@link #ownUnaryKernels()} or {@link #ownBinaryKernels()}): those run
 * the reference kernel, and {@code jnn backends --ops} lists them. Each family lives in its own
 * class. The kernels package does SGEMM, im2col convolution, the exact element-wise loops (add,
 * multiply, ReLU, ...), column sums, pooling other than forward 2x2 max, and the optimizer updates;
 * the classes here add broadcasting, sums to a shape, reductions along any dimension, strided
 * copies, gathers and scatters, the fused linear epilogue, vectorised 2x2 max pooling, softmax,
 * cross-entropy and batch norm.
 *
 * <p>Work is split in chunks whose bounds depend only on the shapes, and every output element is
 * computed by one thread in a fixed order, so the same inputs give bit-identical results on any
 * number of threads. Results do not depend on the JIT tier either: sums across vector lanes use a
 * fixed order ({@link Simd#sumLanesPairwise}) instead of {@code reduceLanes(ADD)}, and
 * exponentials and logarithms the scalar {@link Math} functions instead of the Vector API's
 * lane-wise ones, whose last bit differs between compiled and interpreted code. Ops below a chunk's
 * worth of work run inline on the calling thread.
 */
public final class VectorBackend extends HostBackend {
    private final int threads;
    private final Parallel par;

    VectorBackend(BackendConfig config) {
        this.threads = config.threads();
        this.par = new Parallel(threads);
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String description() {
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        return "vector: CPU, " + lanes * 32 + "-bit SIMD (" + lanes + " floats), " + threads + " thread" + (threads == 1 ? "" : "s");
    }

    @Override
    public int threads() {
        return threads;
    }

    // ---------------------------------------------------------------- element-wise

    @Override
    public Set<UnaryOp> ownUnaryKernels() {
        return VectorElementwise.OPS;
    }

    @Override
    public Set<BinaryOp> ownBinaryKernels() {
        return VectorBroadcast.OPS;
    }

    @Override
    public void fill(TensorView out, float value) {
        VectorElementwise.fill(out, value, par);
    }

    @Override
    public void copy(TensorView src, TensorView out) {
        VectorElementwise.copy(src, out);
    }

    // An op without a kernel here runs the reference kernel: super.unary(...) is
    // ElementwiseOps.super.unary(...), which cannot be named so through HostBackend.

    @Override
    public void unary(UnaryOp op, TensorView x, TensorView out) {
        if (VectorElementwise.OPS.contains(op)) VectorElementwise.unary(op, x, out, par);
        else super.unary(op, x, out);
    }

    @Override
    public void unaryBackward(UnaryOp op, TensorView x, TensorView y, TensorView gradOut, TensorView gradIn) {
        if (VectorElementwise.OPS.contains(op)) VectorElementwise.unaryBackward(op, x, y, gradOut, gradIn, par);
        else super.unaryBackward(op, x, y, gradOut, gradIn);
    }

    @Override
    public void binary(BinaryOp op, TensorView a, TensorView b, TensorView out) {
        if (VectorBroadcast.OPS.contains(op)) VectorBroadcast.binary(op, a, b, out, par);
        else super.binary(op, a, b, out);
    }

    @Override
    public void binaryScalar(BinaryOp op, TensorView a, float s, TensorView out) {
        if (VectorBroadcast.OPS.contains(op)) VectorBroadcast.binaryScalar(op, a, s, out, par);
        else super.binaryScalar(op, a, s, out);
    }

    @Override
    public void axpy(float alpha, TensorView x, TensorView y) {
        VectorElementwise.axpy(alpha, x, y, par);
    }

    @Override
    public void dropout(TensorView x, TensorView mask, float scale, TensorView out) {
        VectorElementwise.dropout(x, mask, scale, out, par);
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void reduce(ReduceOp op, TensorView x, int dim, TensorView out) {
        VectorReductions.reduce(op, x, dim, out, par);
    }

    @Override
    public void sumToShape(TensorView x, TensorView out) {
        VectorSumToShape.sumToShape(x, out, par);
    }

    // ---------------------------------------------------------------- layout

    @Override
    public void stridedCopy(TensorView src, long[] srcStrides, TensorView out) {
        VectorLayout.stridedCopy(src, srcStrides, out, par);
    }

    @Override
    public void stridedWrite(TensorView src, TensorView dst, long dstOffset, long[] dstStrides) {
        VectorLayout.stridedWrite(src, dst, dstOffset, dstStrides, par);
    }

    @Override
    public void indexSelect(TensorView x, int dim, TensorView index, TensorView out) {
        VectorIndexing.indexSelect(x, dim, index, out, par);
    }

    @Override
    public void indexAdd(TensorView src, int dim, TensorView index, TensorView out) {
        VectorIndexing.indexAdd(src, dim, index, out);
    }

    @Override
    public void gather(TensorView x, int dim, TensorView index, TensorView out) {
        VectorIndexing.gather(x, dim, index, out);
    }

    @Override
    public void scatterAdd(TensorView src, int dim, TensorView index, TensorView out) {
        VectorIndexing.scatterAdd(src, dim, index, out);
    }

    // ---------------------------------------------------------------- matmul, convolution, pooling

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, TensorView a, TensorView b, float beta, TensorView c) {
        VectorMatmul.gemm(transA, transB, alpha, a, b, beta, c, par);
    }

    @Override
    public void linear(TensorView x, TensorView w, TensorView bias, boolean relu, TensorView y) {
        VectorMatmul.linear(x, w, bias, relu, y, par);
    }

    @Override
    public void conv2dForward(Conv2dSpec spec, TensorView x, TensorView w, TensorView bias, TensorView y) {
        VectorConvolution.forward(spec, x, w, bias, y, par);
    }

    @Override
    public void conv2dBackwardData(Conv2dSpec spec, TensorView gy, TensorView w, TensorView gx) {
        VectorConvolution.backwardData(spec, gy, w, gx, par);
    }

    @Override
    public void conv2dBackwardWeights(Conv2dSpec spec, TensorView x, TensorView gy, TensorView gw, TensorView gb) {
        VectorConvolution.backwardWeights(spec, x, gy, gw, gb, par);
    }

    @Override
    public void maxPool2dForward(Pool2dSpec spec, TensorView x, TensorView y, TensorView workspace) {
        VectorPooling.maxForward(spec, x, y, workspace, par);
    }

    @Override
    public void maxPool2dBackward(Pool2dSpec spec, TensorView x, TensorView gy, TensorView workspace, TensorView gx) {
        VectorPooling.maxBackward(spec, x, gy, workspace, gx, par);
    }

    @Override
    public void avgPool2dForward(Pool2dSpec spec, TensorView x, TensorView y) {
        VectorPooling.avgForward(spec, x, y, par);
    }

    @Override
    public void avgPool2dBackward(Pool2dSpec spec, TensorView gy, TensorView gx) {
        VectorPooling.avgBackward(spec, gy, gx, par);
    }

    // ---------------------------------------------------------------- normalisation, losses, optimizers

    @Override
    public void softmax(TensorView x, int dim, boolean log, TensorView y) {
        VectorSoftmax.forward(x, dim, log, y, par);
    }

    @Override
    public void softmaxBackward(TensorView y, TensorView gy, int dim, boolean log, TensorView gx) {
        VectorSoftmax.backward(y, gy, dim, log, gx, par);
    }

    @Override
    public void batchNormTraining(TensorView x, TensorView gamma, TensorView beta, float eps, TensorView y, TensorView mean, TensorView invStd) {
        VectorBatchNorm.training(x, gamma, beta, eps, y, mean, invStd, par);
    }

    @Override
    public void batchNormInference(TensorView x, TensorView gamma, TensorView beta, TensorView runningMean, TensorView runningVar, float eps,
                                   TensorView y) {
        VectorBatchNorm.inference(x, gamma, beta, runningMean, runningVar, eps, y, par);
    }

    @Override
    public void batchNormBackward(TensorView x, TensorView gy, TensorView gamma, TensorView mean, TensorView invStd, TensorView gx, TensorView gGamma,
                                  TensorView gBeta) {
        VectorBatchNorm.backward(x, gy, gamma, mean, invStd, gx, gGamma, gBeta, par);
    }

    @Override
    public void crossEntropy(TensorView logits, TensorView targets, float smoothing, TensorView loss, TensorView probs) {
        VectorLosses.crossEntropy(logits, targets, smoothing, loss, probs, par);
    }

    @Override
    public void crossEntropyBackward(TensorView probs, TensorView targets, float smoothing, TensorView gLoss, TensorView gx) {
        VectorLosses.crossEntropyBackward(probs, targets, smoothing, gLoss, gx, par);
    }

    @Override
    public void sgdUpdate(SgdStep h, TensorView param, TensorView grad, TensorView momentumBuffer) {
        VectorOptimizers.sgd(h, param, grad, momentumBuffer, par);
    }

    @Override
    public void adamUpdate(AdamStep h, TensorView param, TensorView grad, TensorView expAvg, TensorView expAvgSq, TensorView maxExpAvgSq) {
        VectorOptimizers.adam(h, param, grad, expAvg, expAvgSq, maxExpAvgSq, par);
    }

    @Override
    public void close() {
        par.close();
        super.close();
    }
}
