package dev.jnn.tck;

import static dev.jnn.tck.Inputs.constant;
import static dev.jnn.tck.Inputs.index;
import static dev.jnn.tck.Inputs.normal;
import static dev.jnn.tck.Inputs.positive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jnn.core.Functional.Reduction;
import dev.jnn.core.Functional;
import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.AdamStep;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.Domain;
import dev.jnn.core.spi.Pool2dSpec;
import dev.jnn.core.spi.ReferenceBackend;
import dev.jnn.core.spi.SgdStep;
import dev.jnn.core.spi.UnaryOp;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance suite every backend runs. Extend it, return a new backend from
 * {@link #createBackend()}, and every SPI op is checked forward and backward against jnn's scalar
 * reference kernels and against finite differences, on shapes that find bugs (1, odd primes, lane
 * counts ± 1, broadcasting, batch 1), and memory is checked to be released.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformance {
    /** Tolerance for forward values and gradients relative to the largest magnitude. */
    protected static final double TOL = 1e-4;

    private Backend backend;
    private Backend reference;
    private OpCheck check;

    /** Creates the backend under test; the kit closes it after the tests. */
    protected abstract Backend createBackend();

    @BeforeAll
    void openBackends() {
        backend = createBackend();
        reference = new ReferenceBackend();
        check = new OpCheck(backend, reference);
    }

    @AfterAll
    void closeBackends() {
        // createBackend() may have skipped the class (assumeTrue: no GPU), leaving nothing to close.
        if (backend != null) backend.close();
        if (reference != null) reference.close();
    }

    /** The backend under test. */
    protected Backend backend() {
        return backend;
    }

    private void check(String name, java.util.function.Function<List<Tensor>, Tensor> op, boolean fd, Inputs... ins) {
        check.check(name, op, TOL, fd, ins);
    }

    /** Every unary op of core's enum, on inputs of its domain, forward and (where it has one) backward. */
    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryOpsMatchReferenceAndFiniteDifferences(UnaryOp op) {
        for (int n : new int[] {1, 7, 15, 16, 17, 33, 257}) {
            Inputs in = inputs(op.domain(), 3, n);
            // SIGN has no gradient; RELU and ABS are not differentiable at 0, which normal inputs miss.
            check(op + " n=" + n, t -> t.get(0).apply(op), op.hasGradient(), in);
        }
    }

    /**
     * Every binary op of core's enum on inputs of its domains, broadcasting every way; gradients by
     * finite differences for the smooth ones (comparisons have none; MAX and MIN have a kink).
     */
    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryOpsBroadcast(BinaryOp op) {
        int[][][] shapes = {{{2, 33}, {2, 33}}, {{4, 1, 5}, {3, 5}}, {{17}, {3, 17}}, {{3, 1}, {1, 16}}, {{1}, {7}}};
        boolean smooth = !op.isComparison() && op != BinaryOp.MAX && op != BinaryOp.MIN;
        for (int[][] s : shapes) {
            // Comparisons see ties too: small integer values, so that equal elements meet.
            Inputs a = op.isComparison() ? index(3, s[0]) : inputs(op.domainA(), s[0]);
            Inputs b = op.isComparison() ? index(3, s[1]) : inputs(op.domainB(), s[1]);
            check(op + " " + Shape.of(s[0]) + Shape.of(s[1]), t -> t.get(0).apply(op, t.get(1)), smooth, a, b);
        }
    }

    private static Inputs inputs(Domain domain, int... shape) {
        return domain == Domain.POSITIVE ? positive(shape) : normal(shape);
    }

    @Test
    void scalarOps() {
        check("add scalar", t -> t.get(0).add(1.5f), true, normal(3, 17));
        check("mul scalar", t -> t.get(0).mul(-2.5f), true, normal(3, 17));
        check("div scalar", t -> t.get(0).div(3f), true, normal(3, 17));
        check("pow", t -> t.get(0).pow(2.5f), true, positive(4, 9));
        check("clampMin", t -> t.get(0).clampMin(0.2f), false, normal(4, 9));
        check("eq scalar", t -> t.get(0).eq(1f), false, index(3, 40));
    }

    @Test
    void reductions() {
        check("sum all", t -> t.get(0).sum(), true, normal(3, 5, 7));
        check("mean all", t -> t.get(0).mean(), true, normal(3, 5, 7));
        check("max all", t -> t.get(0).max(), true, normal(3, 5, 7));
        for (int d = 0; d < 3; d++) {
            int dim = d;
            check("sum dim " + d, t -> t.get(0).sum(dim, false), true, normal(3, 5, 17));
            check("mean dim " + d, t -> t.get(0).mean(dim, true), true, normal(3, 5, 17));
            check("max dim " + d, t -> t.get(0).max(dim, false), true, normal(3, 5, 17));
            check("min dim " + d, t -> t.get(0).min(dim, false), true, normal(3, 5, 17));
            check("argmax dim " + d, t -> t.get(0).argmax(dim), false, constant(3, 5, 17));
        }
    }

    @Test
    void argmaxPicksTheFirstMaximum() {
        Tensor x = Tensor.of(backend, new float[] {1, 3, 3, 0, 2, 2}, Shape.of(2, 3));
        assertThat(x.argmax(1).toFloatArray()).containsExactly(1f, 1f);
    }

    @Test
    void matmulShapes() {
        int[][] mkn = {{1, 1, 1}, {7, 13, 5}, {16, 17, 15}, {64, 78, 51}, {3, 33, 65}};
        for (int[] s : mkn) {
            check("matmul " + s[0] + "x" + s[1] + "x" + s[2], t -> t.get(0).matmul(t.get(1)), true, normal(s[0], s[1]), normal(s[1], s[2]));
        }
        check("matmul batched", t -> t.get(0).matmul(t.get(1)), true, normal(3, 5, 7), normal(3, 7, 4));
        check("matmul 3d x 2d", t -> t.get(0).matmul(t.get(1)), true, normal(3, 5, 7), normal(7, 4));
        check("matmul 2d x 3d", t -> t.get(0).matmul(t.get(1)), true, normal(5, 7), normal(2, 7, 4));
        check("matmul vector", t -> t.get(0).matmul(t.get(1)), true, normal(5, 7), normal(7));
        check("mm with transposes", t -> t.get(0).t().mm(t.get(1).t()), true, normal(9, 5), normal(4, 9));
    }

    @Test
    void linearWithAndWithoutBias() {
        for (int[] s : new int[][] {{1, 784, 10}, {5, 17, 3}, {64, 33, 31}}) {
            check("linear " + s[0] + "," + s[1] + "," + s[2], t -> Functional.linear(t.get(0), t.get(1), t.get(2)), true,
                    normal(s[0], s[1]), normal(s[2], s[1]), normal(s[2]));
        }
        check("linear no bias", t -> Functional.linear(t.get(0), t.get(1), null), true, normal(4, 6), normal(3, 6));
    }

    @Test
    void conv2dGeometries() {
        Object[][] cases = {
                {Conv2dSpec.of(1, 2, 1), new int[] {2, 1, 8, 8}, new int[] {3, 1, 5, 5}},
                {Conv2dSpec.of(1, 0, 1), new int[] {1, 3, 7, 9}, new int[] {4, 3, 3, 3}},
                {Conv2dSpec.of(2, 1, 2), new int[] {2, 2, 9, 9}, new int[] {3, 2, 3, 3}},
                {new Conv2dSpec(2, 1, 0, 1, 1, 1), new int[] {1, 2, 6, 5}, new int[] {2, 2, 2, 3}},
                {Conv2dSpec.of(1, 2, 1), new int[] {2, 16, 7, 7}, new int[] {5, 16, 5, 5}},
        };
        for (Object[] c : cases) {
            Conv2dSpec spec = (Conv2dSpec) c[0];
            int[] w = (int[]) c[2];
            check("conv2d " + spec, t -> Functional.conv2d(t.get(0), t.get(1), t.get(2), spec), true,
                    normal((int[]) c[1]), normal(w), normal(w[0]));
        }
        check("conv2d no bias", t -> Functional.conv2d(t.get(0), t.get(1), null, Conv2dSpec.of(1, 1, 1)), true,
                normal(1, 2, 5, 5), normal(3, 2, 3, 3));
    }

    @Test
    void fusedLinearAndConvolutionWithRelu() {
        check("linear+relu", t -> Functional.linearRelu(t.get(0), t.get(1), t.get(2)), true,
                normal(5, 17), normal(3, 17), normal(3));
        check("linear+relu 64x784x33", t -> Functional.linearRelu(t.get(0), t.get(1), t.get(2)), true,
                normal(64, 784), normal(33, 784), normal(33));
        check("conv2d+relu", t -> Functional.conv2dRelu(t.get(0), t.get(1), t.get(2), Conv2dSpec.of(1, 2, 1)), true,
                normal(2, 3, 8, 8), normal(4, 3, 5, 5), normal(4));
        check("conv2d+relu no bias", t -> Functional.conv2dRelu(t.get(0), t.get(1), null, Conv2dSpec.of(2, 1, 1)), true,
                normal(1, 16, 7, 7), normal(5, 16, 3, 3));
        // The fused ops give exactly the composition's values on this backend.
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(11);
            Tensor x = random(g, 2, 3, 8, 8);
            Tensor w = random(g, 4, 3, 5, 5);
            Tensor bias = random(g, 4);
            Conv2dSpec spec = Conv2dSpec.of(1, 2, 1);
            assertThat(Functional.conv2dRelu(x, w, bias, spec).toFloatArray())
                    .containsExactly(Functional.conv2d(x, w, bias, spec).relu().toFloatArray());
            Tensor a = random(g, 7, 19);
            Tensor lw = random(g, 5, 19);
            Tensor lb = random(g, 5);
            assertThat(Functional.linearRelu(a, lw, lb).toFloatArray())
                    .containsExactly(Functional.linear(a, lw, lb).relu().toFloatArray());
        }
    }

    /** A tensor of normal values on the backend under test. */
    private Tensor random(Generator g, int... dims) {
        float[] v = new float[(int) Shape.of(dims).numel()];
        g.fillNormal(v, 0f, 1f);
        return Tensor.of(backend, v, Shape.of(dims));
    }

    @Test
    void pooling() {
        for (Pool2dSpec spec : new Pool2dSpec[] {Pool2dSpec.of(2, 2, 0), Pool2dSpec.of(3, 2, 1), new Pool2dSpec(2, 3, 1, 2, 1, 0)}) {
            check("maxPool2d " + spec, t -> Functional.maxPool2d(t.get(0), spec), true, normal(2, 3, 9, 8));
            check("avgPool2d " + spec, t -> Functional.avgPool2d(t.get(0), spec), true, normal(2, 3, 9, 8));
        }
        check("maxPool2d 28x28", t -> Functional.maxPool2d(t.get(0), Pool2dSpec.of(2, 2, 0)), false, normal(2, 16, 28, 28));
    }

    @Test
    void softmaxAndLogSoftmax() {
        for (int dim : new int[] {0, 1, -1}) {
            check("softmax dim " + dim, t -> t.get(0).softmax(dim), true, normal(4, 17));
            check("logSoftmax dim " + dim, t -> t.get(0).logSoftmax(dim), true, normal(4, 17));
        }
        check("softmax 3d middle", t -> t.get(0).softmax(1), true, normal(2, 5, 3));
    }

    @Test
    void batchNormTrainingAndEval() {
        for (int[] s : new int[][] {{8, 3}, {4, 5, 3, 3}, {2, 17}}) {
            int c = s[1];
            check("batchNorm train " + Shape.of(s), t -> {
                Tensor rm = Tensor.zeros(t.get(0).backend(), Shape.of(c));
                Tensor rv = Tensor.full(t.get(0).backend(), Shape.of(c), 1f);
                return Functional.batchNorm(t.get(0), rm, rv, t.get(1), t.get(2), true, 0.1f, 1e-5f);
            }, true, normal(s), normal(c), normal(c));
            check("batchNorm eval " + Shape.of(s), t -> Functional.batchNorm(t.get(0), t.get(3), t.get(4), t.get(1), t.get(2),
                    false, 0.1f, 1e-5f), true, normal(s), normal(c), normal(c), constant(c), Inputs.positive(c));
        }
    }

    @Test
    void batchNormUpdatesRunningStatistics() {
        Tensor x = Tensor.of(backend, new float[] {1, 2, 3, 4, 5, 6}, Shape.of(3, 2));
        Tensor rm = Tensor.zeros(backend, Shape.of(2));
        Tensor rv = Tensor.full(backend, Shape.of(2), 1f);
        Functional.batchNorm(x, rm, rv, null, null, true, 0.1f, 1e-5f);
        // Channel 0 holds 1,3,5: mean 3, unbiased variance 4.
        OpCheck.assertClose("running mean", rm.toFloatArray(), new float[] {0.3f, 0.4f}, 1e-5);
        OpCheck.assertClose("running var", rv.toFloatArray(), new float[] {0.9f + 0.4f, 0.9f + 0.4f}, 1e-4);
    }

    @Test
    void losses() {
        for (float smoothing : new float[] {0f, 0.1f}) {
            check("crossEntropy s=" + smoothing, t -> Functional.crossEntropy(t.get(0), t.get(1), Reduction.MEAN, smoothing), true,
                    normal(6, 10), index(10, 6));
        }
        check("crossEntropy sum", t -> Functional.crossEntropy(t.get(0), t.get(1), Reduction.SUM, 0f), true, normal(1, 3), index(3, 1));
        check("nllLoss", t -> Functional.nllLoss(t.get(0).logSoftmax(1), t.get(1), Reduction.MEAN), true, normal(5, 4), index(4, 5));
        check("mseLoss", t -> Functional.mseLoss(t.get(0), t.get(1), Reduction.MEAN), true, normal(4, 3), constant(4, 3));
    }

    @Test
    void crossEntropyRejectsOutOfRangeTargets() {
        Tensor logits = Tensor.zeros(backend, Shape.of(2, 3));
        Tensor targets = Tensor.of(backend, new float[] {0, 3}, Shape.of(2));
        // A GPU may report it at the next read of a result, as PyTorch on CUDA does; by then at the latest.
        assertThatThrownBy(() -> Functional.crossEntropy(logits, targets, Reduction.MEAN, 0f).item())
                .hasMessageContaining("out of range");
        // Reported once: the backend goes on working afterwards.
        Tensor fine = Tensor.of(backend, new float[] {0, 2}, Shape.of(2));
        assertThat(Functional.crossEntropy(logits, fine, Reduction.MEAN, 0f).item()).isCloseTo((float) Math.log(3), within(1e-6f));
    }

    @Test
    void layoutOps() {
        check("reshape", t -> t.get(0).reshape(6, -1), true, normal(3, 4, 2));
        check("transpose", t -> t.get(0).transpose(0, 2), true, normal(3, 4, 5));
        check("permute", t -> t.get(0).permute(1, 2, 0), true, normal(3, 4, 5));
        check("narrow dim 0", t -> t.get(0).narrow(0, 1, 2), true, normal(4, 5));
        check("narrow dim 1", t -> t.get(0).narrow(1, 2, 3), true, normal(4, 7));
        check("expand", t -> t.get(0).expand(3, 4, 5), true, normal(4, 1));
        check("cat dim 0", t -> Tensor.cat(List.of(t.get(0), t.get(1)), 0), true, normal(2, 3), normal(4, 3));
        check("cat dim 1", t -> Tensor.cat(List.of(t.get(0), t.get(1)), 1), true, normal(3, 2), normal(3, 5));
        check("stack", t -> Tensor.stack(List.of(t.get(0), t.get(1)), 1), true, normal(3, 2), normal(3, 2));
        check("indexSelect", t -> t.get(0).indexSelect(0, t.get(1)), true, normal(5, 3), index(5, 7));
        check("indexSelect dim 1", t -> t.get(0).indexSelect(1, t.get(1)), true, normal(2, 5, 3), index(5, 4));
        check("gather", t -> t.get(0).gather(1, t.get(1)), true, normal(4, 6), index(6, 4, 3));
        check("inverse", t -> t.get(0).add(Tensor.full(t.get(0).backend(), Shape.of(), 0f)).inverse(), true, positive(3, 3));
    }

    @Test
    void diamondGraphAccumulatesGradients() {
        // y = x*x + x uses x twice; dy/dx = 2x + 1.
        check("diamond", t -> t.get(0).mul(t.get(0)).add(t.get(0)), true, normal(9));
    }

    @Test
    void linearWeightGradientsAccumulateInPlaceAcrossPassesAndUses() {
        // A leaf weight's gradient is added straight into its existing .grad by Linear's backward;
        // it must equal what a fresh gradient plus the old one gives, for repeated passes, for a
        // weight used twice in one graph, and after the gradient is zeroed.
        Generator gen = new Generator(11);
        float[] xs = new float[4 * 7];
        float[] x2s = new float[4 * 7];
        float[] ws = new float[5 * 7];
        float[] gs = new float[4 * 5];
        gen.fillNormal(xs, 0, 1);
        gen.fillNormal(x2s, 0, 1);
        gen.fillNormal(ws, 0, 1);
        gen.fillNormal(gs, 0, 1);
        Tensor x = Tensor.of(backend, xs, Shape.of(4, 7));
        Tensor x2 = Tensor.of(backend, x2s, Shape.of(4, 7));
        Tensor seed = Tensor.of(backend, gs, Shape.of(4, 5));
        Tensor w = Tensor.of(backend, ws, Shape.of(5, 7)).requiresGrad(true);

        Functional.linear(x, w, null).mul(seed).sum().backward();
        float[] once = w.grad().toFloatArray();
        Functional.linear(x, w, null).mul(seed).sum().backward();
        assertClose("second pass adds into .grad", w.grad().toFloatArray(), scaled(once, 2f));

        try (NoGrad ignored = NoGrad.enter()) {
            w.grad().fill(0f);
        }
        Functional.linear(x2, w, null).mul(seed).sum().backward();
        float[] other = w.grad().toFloatArray();
        try (NoGrad ignored = NoGrad.enter()) {
            w.grad().fill(0f);
        }
        Functional.linearRelu(x, w, null).mul(seed).sum().add(Functional.linear(x2, w, null).mul(seed).sum()).backward();
        float[] relu = new float[once.length];
        Tensor masked = Functional.linearRelu(x, Tensor.of(backend, ws, Shape.of(5, 7)).requiresGrad(true), null);
        try (NoGrad ignored = NoGrad.enter()) {
            float[] y = masked.toFloatArray();
            for (int o = 0; o < 5; o++) {
                for (int i = 0; i < 7; i++) {
                    double s = 0;
                    for (int r = 0; r < 4; r++) if (y[r * 5 + o] > 0) s += (double) gs[r * 5 + o] * xs[r * 7 + i];
                    relu[o * 7 + i] = (float) s;
                }
            }
        }
        float[] sum = new float[once.length];
        for (int i = 0; i < sum.length; i++) sum[i] = relu[i] + other[i];
        assertClose("a weight used twice", w.grad().toFloatArray(), sum);
    }

    private static float[] scaled(float[] v, float f) {
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) r[i] = v[i] * f;
        return r;
    }

    private static void assertClose(String what, float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("%s [%d]", what, i).isCloseTo(expected[i],
                    within(1e-5f * Math.max(1f, Math.abs(expected[i]))));
        }
    }

    @Test
    void dropoutIsReproducibleAndIdentityInEval() {
        Tensor x = Tensor.full(backend, Shape.of(1000), 1f);
        float[] a = Functional.dropout(x, 0.3f, true, new Generator(7)).toFloatArray();
        float[] b = Functional.dropout(x, 0.3f, true, new Generator(7)).toFloatArray();
        assertThat(a).containsExactly(b);
        int zeros = 0;
        for (float v : a) {
            assertThat(v == 0f || Math.abs(v - 1f / 0.7f) < 1e-6).isTrue();
            if (v == 0f) zeros++;
        }
        assertThat(zeros).isBetween(230, 370);
        assertThat(Functional.dropout(x, 0.3f, false, new Generator(7)).toFloatArray()).containsExactly(x.toFloatArray());
    }

    @Test
    void fusedOptimizerUpdatesMatchReference() {
        Generator g = new Generator(3);
        int n = 37;
        float[] p = new float[n];
        float[] gr = new float[n];
        float[] m = new float[n];
        g.fillNormal(p, 0, 1);
        g.fillNormal(gr, 0, 1);
        g.fillNormal(m, 0, 1);
        for (boolean nesterov : new boolean[] {false, true}) {
            SgdStep h = new SgdStep(0.1f, 0.9f, nesterov ? 0f : 0.1f, 0.01f, nesterov, false);
            float[][] got = sgd(backend, h, p, gr, m);
            float[][] want = sgd(reference, h, p, gr, m);
            OpCheck.assertClose("sgd param", got[0], want[0], 1e-6);
            OpCheck.assertClose("sgd momentum", got[1], want[1], 1e-6);
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = Math.abs(m[i]);
        for (boolean amsgrad : new boolean[] {false, true}) {
            for (boolean decoupled : new boolean[] {false, true}) {
                AdamStep h = new AdamStep(1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, decoupled, amsgrad, 3);
                float[][] got = adam(backend, h, p, gr, m, v);
                float[][] want = adam(reference, h, p, gr, m, v);
                for (int k = 0; k < got.length; k++) OpCheck.assertClose("adam state " + k, got[k], want[k], 1e-5);
            }
        }
    }

    private static float[][] sgd(Backend b, SgdStep h, float[] p, float[] g, float[] m) {
        Shape s = Shape.of(p.length);
        Tensor pt = Tensor.of(b, p, s);
        Tensor mt = Tensor.of(b, m, s);
        b.sgdUpdate(h, pt, Tensor.of(b, g, s), mt);
        return new float[][] {pt.toFloatArray(), mt.toFloatArray()};
    }

    private static float[][] adam(Backend b, AdamStep h, float[] p, float[] g, float[] m, float[] v) {
        Shape s = Shape.of(p.length);
        Tensor pt = Tensor.of(b, p, s);
        Tensor mt = Tensor.of(b, m, s);
        Tensor vt = Tensor.of(b, v, s);
        Tensor vmax = h.amsgrad() ? Tensor.of(b, v, s) : null;
        b.adamUpdate(h, pt, Tensor.of(b, g, s), mt, vt, vmax);
        return vmax == null ? new float[][] {pt.toFloatArray(), mt.toFloatArray(), vt.toFloatArray()}
                : new float[][] {pt.toFloatArray(), mt.toFloatArray(), vt.toFloatArray(), vmax.toFloatArray()};
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17})
    void emptyAndTinyTensors(int n) {
        Tensor a = Tensor.full(backend, Shape.of(n), 2f);
        Tensor b = Tensor.full(backend, Shape.of(n), 3f);
        float[] sum = a.add(b).toFloatArray();
        assertThat(sum).hasSize(n);
        for (float v : sum) assertThat(v).isEqualTo(5f);
        assertThat(a.sum().item()).isEqualTo(2f * n);
    }

    @Test
    void shapeErrorsNameTheOpAndBothShapes() {
        Tensor a = Tensor.zeros(backend, Shape.of(2, 3));
        Tensor b = Tensor.zeros(backend, Shape.of(4, 5));
        assertThatThrownBy(() -> a.add(b)).hasMessageContaining("add").hasMessageContaining("[2, 3]").hasMessageContaining("[4, 5]");
        assertThatThrownBy(() -> a.matmul(b)).hasMessageContaining("matmul").hasMessageContaining("[2, 3]").hasMessageContaining("[4, 5]");
        assertThatThrownBy(() -> a.reshape(7)).hasMessageContaining("reshape").hasMessageContaining("[2, 3]");
    }

    @Test
    void stepTemporariesAreReleased() {
        // A backend of its own: garbage from other tests, freed by the cleaner at any moment,
        // would otherwise move the live-bytes counter.
        try (Backend own = createBackend()) {
            Generator g = new Generator(5);
            Tensor w1 = MemoryScope.persistent(() -> Tensor.of(own, randn(g, 32 * 20), Shape.of(32, 20)).requiresGrad(true));
            Tensor w2 = MemoryScope.persistent(() -> Tensor.of(own, randn(g, 4 * 32), Shape.of(4, 32)).requiresGrad(true));
            Tensor x = MemoryScope.persistent(() -> Tensor.of(own, randn(g, 8 * 20), Shape.of(8, 20)));
            Tensor y = MemoryScope.persistent(() -> Tensor.of(own, new float[] {0, 1, 2, 3, 0, 1, 2, 3}, Shape.of(8)));
            long[] live = new long[500];
            for (int step = 0; step < live.length; step++) {
                try (MemoryScope ignored = MemoryScope.open()) {
                    Tensor loss = Functional.crossEntropy(Functional.linear(Functional.linear(x, w1, null).relu(), w2, null), y,
                            Reduction.MEAN, 0f);
                    loss.backward();
                    try (NoGrad ng = NoGrad.enter()) {
                        w1.addInPlace(w1.grad(), -0.1f);
                        w2.addInPlace(w2.grad(), -0.1f);
                    }
                    w1.zeroGrad();
                    w2.zeroGrad();
                }
                live[step] = own.liveBytes();
            }
            for (int step = 2; step < live.length; step++) {
                assertThat(live[step]).as("live bytes after step " + step).isEqualTo(live[1]);
            }
            assertThat(live[1]).as("live bytes: weights, their gradients, inputs")
                    .isLessThan(4L * 2 * (32 * 20 + 4 * 32) + 4L * (8 * 20 + 8) + 64L * 16);
        }
    }

    private static float[] randn(Generator g, int n) {
        float[] v = new float[n];
        g.fillNormal(v, 0, 0.3f);
        return v;
    }
}
