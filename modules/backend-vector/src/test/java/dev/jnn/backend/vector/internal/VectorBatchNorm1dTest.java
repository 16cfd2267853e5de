package dev.jnn.backend.vector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorBatchNorm1d} must give the bits of the per-channel loop of {@link VectorBatchNorm}
 * on [N, C] inputs, forward and backward, with and without affine parameters, for channel counts
 * around the vector width and the bn-mlp's widths, on 1 and 2 threads, cold and compiled.
 */
class VectorBatchNorm1dTest {
    private static final int[][] SHAPES = {{1, 1}, {2, 3}, {7, 17}, {64, 300}, {64, 100}, {5, 7}, {5, 8}, {5, 9},
        {3, 15}, {3, 16}, {3, 17}, {33, 31}};

    @Test
    void acrossChannelsGivesTheBitsOfThePerChannelLoop() {
        try (Backend be = new VectorBackendProvider().create(new BackendConfig(1, false));
             Parallel one = new Parallel(1); Parallel two = new Parallel(2)) {
            for (int[] s : SHAPES) {
                for (boolean affine : new boolean[] {true, false}) {
                    for (Parallel par : new Parallel[] {one, two}) {
                        String what = Arrays.toString(s) + (affine ? " affine" : " plain") + " threads " + par.threads();
                        int[] perChannel = bits(run(be, s[0], s[1], affine, par, false));
                        int[] across = bits(run(be, s[0], s[1], affine, par, true));
                        assertThat(Arrays.mismatch(across, perChannel)).as(what + ": first differing element").isEqualTo(-1);
                    }
                }
            }
        }
    }

    @Test
    void acrossChannelsGivesTheSameBitsColdAndCompiled() {
        try (Backend be = new VectorBackendProvider().create(new BackendConfig(1, false)); Parallel one = new Parallel(1)) {
            int[] first = bits(run(be, 9, 37, true, one, true));
            for (int r = 0; r < 3000; r++) {
                assertThat(Arrays.mismatch(bits(run(be, 9, 37, true, one, true)), first)).as("repeat " + r).isEqualTo(-1);
            }
        }
    }

    /** Forward then backward; returns y, mean, invStd, gx, gGamma, gBeta one after another. */
    private static float[] run(Backend be, int n, int c, boolean affine, Parallel par, boolean across) {
        try (MemoryScope ignored = MemoryScope.open()) {
            Generator g = new Generator(n * 1000L + c);
            Tensor x = random(be, g, 3f, n, c);
            Tensor gy = random(be, g, 1f, n, c);
            Tensor gamma = affine ? random(be, g, 1f, c) : null;
            Tensor beta = affine ? random(be, g, 1f, c) : null;
            Tensor y = Tensor.empty(be, x.shape());
            Tensor mean = Tensor.empty(be, Shape.of(c));
            Tensor inv = Tensor.empty(be, Shape.of(c));
            Tensor gx = Tensor.empty(be, x.shape());
            Tensor gGamma = affine ? Tensor.empty(be, Shape.of(c)) : null;
            Tensor gBeta = affine ? Tensor.empty(be, Shape.of(c)) : null;
            VectorBatchNorm.training(x, gamma, beta, 1e-5f, y, mean, inv, par, across);
            VectorBatchNorm.backward(x, gy, gamma, mean, inv, gx, gGamma, gBeta, par, across);
            Tensor[] outs = affine ? new Tensor[] {y, mean, inv, gx, gGamma, gBeta} : new Tensor[] {y, mean, inv, gx};
            int total = 0;
            for (Tensor t : outs) total += (int) t.numel();
            float[] v = new float[total];
            int at = 0;
            for (Tensor t : outs) {
                t.read(v, at);
                at += (int) t.numel();
            }
            return v;
        }
    }

    private static Tensor random(Backend be, Generator g, float std, int... dims) {
        float[] v = new float[Math.toIntExact(Shape.of(dims).numel())];
        g.fillNormal(v, 0.5f, std);
        return Tensor.of(be, v, Shape.of(dims));
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
        return b;
    }
}
