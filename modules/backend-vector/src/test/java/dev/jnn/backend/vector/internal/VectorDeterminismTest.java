package dev.jnn.backend.vector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.backend.vector.internal.kernels.Simd;
import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.ReduceOp;
import dev.jnn.core.spi.UnaryOp;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * Results must not depend on when the JIT compiled a kernel. The Vector API leaves the order of a
 * floating-point {@code reduceLanes(ADD)} open and its lane-wise EXP/LOG/TANH round differently
 * in the interpreter and in compiled code; the backend avoids both. These tests call the same code
 * first cold, then often enough to be compiled, and demand the same bits every time.
 */
class VectorDeterminismTest {
    private static final int REPEATS = 2000;

    @Test
    void laneSumAddsInAFixedPairwiseOrderInEveryTier() {
        float[] v = new float[Simd.L];
        Generator g = new Generator(11);
        for (int i = 0; i < v.length; i++) v[i] = (float) g.nextGaussian() * (i % 3 == 0 ? 1e4f : 1f);
        // The model: lane i += lane (i + h) mod L for h = L/2 .. 1; the sum is lane 0.
        float[] w = v.clone();
        for (int h = Simd.L / 2; h >= 1; h /= 2) {
            float[] next = new float[w.length];
            for (int i = 0; i < w.length; i++) next[i] = w[i] + w[(i + h) % w.length];
            w = next;
        }
        FloatVector vec = FloatVector.fromArray(Simd.F, v, 0);
        for (int r = 0; r < 20 * REPEATS; r++) {
            assertThat(Float.floatToRawIntBits(Simd.sumLanesPairwise(vec))).as("repeat " + r).isEqualTo(Float.floatToRawIntBits(w[0]));
        }
    }

    @Test
    void kernelsGiveTheSameBitsColdAndCompiled() {
        try (Backend be = new VectorBackendProvider().create(new BackendConfig(1, false))) {
            float[] first = step(be);
            for (int r = 0; r < REPEATS; r++) {
                float[] again = step(be);
                assertThat(Arrays.mismatch(bits(again), bits(first))).as("repeat " + r + ": first differing element").isEqualTo(-1);
            }
        }
    }

    /** Softmax, cross-entropy, sums, batch norm, transcendental unaries and a conv bias gradient. */
    private static float[] step(Backend be) {
        try (MemoryScope ignored = MemoryScope.open()) {
            Generator g = new Generator(3);
            Tensor x = random(be, g, 6, 37);
            Tensor targets = Tensor.of(be, new float[] {0, 5, 36, 7, 1, 2}, Shape.of(6));
            Tensor img = random(be, g, 2, 3, 5, 5);
            Tensor y = Tensor.empty(be, x.shape());
            Tensor loss = Tensor.empty(be, Shape.of(6));
            Tensor probs = Tensor.empty(be, x.shape());
            Tensor gx = Tensor.empty(be, x.shape());
            Tensor sums = Tensor.empty(be, Shape.of(6));
            Tensor all = Tensor.empty(be, Shape.of());
            Tensor bn = Tensor.empty(be, img.shape());
            Tensor mean = Tensor.empty(be, Shape.of(3));
            Tensor inv = Tensor.empty(be, Shape.of(3));
            Tensor gimg = Tensor.empty(be, img.shape());
            Tensor e = Tensor.empty(be, x.shape());
            Tensor gw = Tensor.empty(be, Shape.of(3, 3, 1, 1));
            Tensor gb = Tensor.empty(be, Shape.of(3));
            be.softmax(x, 1, true, y);
            be.softmaxBackward(y, x, 1, true, gx);
            be.crossEntropy(x, targets, 0.1f, loss, probs);
            be.reduce(ReduceOp.SUM, x, 1, sums);
            be.reduce(ReduceOp.MEAN, x.reshape(-1).reshape(1, 222), 1, all);
            be.batchNormTraining(img, mean, inv, 1e-5f, bn, mean, inv);
            be.batchNormBackward(img, img, null, mean, inv, gimg, null, null);
            be.unary(UnaryOp.TANH, x, e);
            be.unary(UnaryOp.SIGMOID, e, e);
            be.unary(UnaryOp.EXP, e, e);
            be.conv2dBackwardWeights(Conv2dSpec.of(1, 0, 1), img, img, gw, gb);
            Tensor[] outs = {y, gx, loss, probs, sums, all, bn, mean, inv, gimg, e, gb};
            int n = 0;
            for (Tensor t : outs) n += (int) t.numel();
            float[] v = new float[n];
            int at = 0;
            for (Tensor t : outs) {
                t.read(v, at);
                at += (int) t.numel();
            }
            return v;
        }
    }

    private static Tensor random(Backend be, Generator g, int... dims) {
        float[] v = new float[Math.toIntExact(Shape.of(dims).numel())];
        g.fillNormal(v, 0f, 1f);
        return Tensor.of(be, v, Shape.of(dims));
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
        return b;
    }
}
