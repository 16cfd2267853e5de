package dev.jnn.backend.vector.internal;

import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.AdamStep;
import dev.jnn.core.spi.HostBackend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.Pool2dSpec;
import dev.jnn.core.spi.ReduceOp;
import dev.jnn.core.spi.SgdStep;
import dev.jnn.core.spi.UnaryOp;
import jdk.incubator.vector.FloatVector;

/**
 * The pure-Java SIMD backend: off-heap host memory from a caching allocator, kernels written with
 * the Vector API, run on a fixed pool of {@code threads} threads (one {@link Parallel} per backend,
 * closed with it).
 *
 * <p>Every kernel of the SPI is overridden with a direct implementation on the tensors' host
 * memory; none goes through the reference kernels' host copies. Each family lives in its own
 * class. The kernels package does SGEMM, im2col convolution, the exact element-wise loops (add,
 * multiply, ReLU, ...), column sums, pooling other than forward 2x2 max, and the optimizer updates;
 * the classes here add broadcasting, sums to a shape, reductions along any dimension, strided
 * copies, gathers and scatters, the fused linear epilogue, vectorised 2x2 max pooling, softmax,
 * cross-entropy and batch norm.
 *
 * <p>Work is split in chunks whose bounds depend only on the shapes, and every output element is
 * computed by one thread in a fixed order, so the same inputs give bit-identical results on any
 * number of threads. Results do not depend on the JIT tier either: sums across vector lanes use a
 * fixed order ({@link Lanes#sum}) instead of {@code reduceLanes(ADD)}, and exponentials and
 * logarithms the scalar {@link Math} functions instead of the Vector API's lane-wise ones, whose
 * last bit differs between compiled and interpreted code. Ops below a chunk's worth of work run
 * inline on the calling thread.
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
    public void fill(Tensor out, float value) {
        VectorElementwise.fill(out, value, par);
    }

    @Override
    public void copy(Tensor src, Tensor out) {
        VectorElementwise.copy(src, out);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        VectorElementwise.unary(op, x, out, par);
    }

    @Override
    public void unaryBackward(UnaryOp op, Tensor x, Tensor y, Tensor gradOut, Tensor gradIn) {
        VectorElementwise.unaryBackward(op, x, y, gradOut, gradIn, par);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        VectorBroadcast.binary(op, a, b, out, par);
    }

    @Override
    public void binaryScalar(BinaryOp op, Tensor a, float s, Tensor out) {
        VectorBroadcast.binaryScalar(op, a, s, out, par);
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        VectorElementwise.axpy(alpha, x, y, par);
    }

    @Override
    public void dropout(Tensor x, Tensor mask, float scale, Tensor out) {
        VectorElementwise.dropout(x, mask, scale, out, par);
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void reduce(ReduceOp op, Tensor x, int dim, Tensor out) {
        VectorReductions.reduce(op, x, dim, out, par);
    }

    @Override
    public void sumToShape(Tensor x, Tensor out) {
        VectorSumToShape.sumToShape(x, out, par);
    }

    // ---------------------------------------------------------------- layout

    @Override
    public void stridedCopy(Tensor src, long[] srcStrides, Tensor out) {
        VectorLayout.stridedCopy(src, srcStrides, out, par);
    }

    @Override
    public void stridedWrite(Tensor src, Tensor dst, long dstOffset, long[] dstStrides) {
        VectorLayout.stridedWrite(src, dst, dstOffset, dstStrides, par);
    }

    @Override
    public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        VectorIndexing.indexSelect(x, dim, index, out, par);
    }

    @Override
    public void indexAdd(Tensor src, int dim, Tensor index, Tensor out) {
        VectorIndexing.indexAdd(src, dim, index, out);
    }

    @Override
    public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        VectorIndexing.gather(x, dim, index, out);
    }

    @Override
    public void scatterAdd(Tensor src, int dim, Tensor index, Tensor out) {
        VectorIndexing.scatterAdd(src, dim, index, out);
    }

    // ---------------------------------------------------------------- matmul, convolution, pooling

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        VectorMatmul.gemm(transA, transB, alpha, a, b, beta, c, par);
    }

    @Override
    public void linear(Tensor x, Tensor w, Tensor bias, boolean relu, Tensor y) {
        VectorMatmul.linear(x, w, bias, relu, y, par);
    }

    @Override
    public void conv2dForward(Conv2dSpec spec, Tensor x, Tensor w, Tensor bias, Tensor y) {
        VectorConvolution.forward(spec, x, w, bias, y, par);
    }

    @Override
    public void conv2dBackwardData(Conv2dSpec spec, Tensor gy, Tensor w, Tensor gx) {
        VectorConvolution.backwardData(spec, gy, w, gx, par);
    }

    @Override
    public void conv2dBackwardWeights(Conv2dSpec spec, Tensor x, Tensor gy, Tensor gw, Tensor gb) {
        VectorConvolution.backwardWeights(spec, x, gy, gw, gb, par);
    }

    @Override
    public void maxPool2dForward(Pool2dSpec spec, Tensor x, Tensor y, Tensor workspace) {
        VectorPooling.maxForward(spec, x, y, workspace, par);
    }

    @Override
    public void maxPool2dBackward(Pool2dSpec spec, Tensor x, Tensor gy, Tensor workspace, Tensor gx) {
        VectorPooling.maxBackward(spec, x, gy, workspace, gx, par);
    }

    @Override
    public void avgPool2dForward(Pool2dSpec spec, Tensor x, Tensor y) {
        VectorPooling.avgForward(spec, x, y, par);
    }

    @Override
    public void avgPool2dBackward(Pool2dSpec spec, Tensor gy, Tensor gx) {
        VectorPooling.avgBackward(spec, gy, gx, par);
    }

    // ---------------------------------------------------------------- normalisation, losses, optimizers

    @Override
    public void softmax(Tensor x, int dim, boolean log, Tensor y) {
        VectorSoftmax.forward(x, dim, log, y, par);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor gy, int dim, boolean log, Tensor gx) {
        VectorSoftmax.backward(y, gy, dim, log, gx, par);
    }

    @Override
    public void batchNormTraining(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor invStd) {
        VectorBatchNorm.training(x, gamma, beta, eps, y, mean, invStd, par);
    }

    @Override
    public void batchNormInference(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float eps,
                                   Tensor y) {
        VectorBatchNorm.inference(x, gamma, beta, runningMean, runningVar, eps, y, par);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gy, Tensor gamma, Tensor mean, Tensor invStd, Tensor gx, Tensor gGamma,
                                  Tensor gBeta) {
        VectorBatchNorm.backward(x, gy, gamma, mean, invStd, gx, gGamma, gBeta, par);
    }

    @Override
    public void crossEntropy(Tensor logits, Tensor targets, float smoothing, Tensor loss, Tensor probs) {
        VectorLosses.crossEntropy(logits, targets, smoothing, loss, probs, par);
    }

    @Override
    public void crossEntropyBackward(Tensor probs, Tensor targets, float smoothing, Tensor gLoss, Tensor gx) {
        VectorLosses.crossEntropyBackward(probs, targets, smoothing, gLoss, gx, par);
    }

    @Override
    public void sgdUpdate(SgdStep h, Tensor param, Tensor grad, Tensor momentumBuffer) {
        VectorOptimizers.sgd(h, param, grad, momentumBuffer, par);
    }

    @Override
    public void adamUpdate(AdamStep h, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq) {
        VectorOptimizers.adam(h, param, grad, expAvg, expAvgSq, maxExpAvgSq, par);
    }

    @Override
    public void close() {
        par.close();
        super.close();
    }
}
