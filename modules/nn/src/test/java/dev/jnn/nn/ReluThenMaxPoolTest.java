package dev.jnn.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.core.Functional;
import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Pool2dSpec;
import dev.jnn.testing.VectorBackendScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code Sequential(..., ReLU, MaxPool2d)} runs the pooling first and the ReLU on its output
 * ({@link Functional#maxPool2dRelu}); these check that this gives bit for bit the values and
 * gradients of ReLU then pooling, with windows whose maxima are negative, zero, NaN, overlapping
 * and padded.
 */
@SuppressWarnings("try")   // MemoryScope is a scope, not a resource the body uses
@ExtendWith(VectorBackendScope.class)
class ReluThenMaxPoolTest {

    /** Values with many negative windows, ties at zero and a -0.0 beside a +0.0. */
    private static float[] input(int n, long seed) {
        Generator g = new Generator(seed);
        float[] v = Tensor.randn(g, n).toFloatArray();
        for (int i = 0; i < n; i++) {
            v[i] -= 0.7f;
            if (i % 7 == 0) v[i] = 0f;
        }
        v[1] = -0f;
        return v;
    }

    @Test
    void poolingThenReluEqualsReluThenPoolingInValuesAndGradients() {
        Pool2dSpec[] specs = {Pool2dSpec.of(2, 2, 0), Pool2dSpec.of(3, 2, 1), Pool2dSpec.of(2, 1, 0)};
        for (Pool2dSpec spec : specs) {
            try (MemoryScope ignored = MemoryScope.open()) {
                float[] data = input(2 * 3 * 9 * 10, 7);
                float[] weights = Tensor.randn(new Generator(3), 2 * 3 * (spec.outH(9)) * spec.outW(10)).toFloatArray();
                Tensor a = Tensor.of(data, 2, 3, 9, 10).requiresGrad(true);
                Tensor b = Tensor.of(data, 2, 3, 9, 10).requiresGrad(true);
                Tensor w = Tensor.of(weights, 2, 3, spec.outH(9), spec.outW(10));

                Tensor separate = Functional.maxPool2d(a.relu(), spec);
                Tensor fused = Functional.maxPool2dRelu(b, spec);
                separate.mul(w).sum().backward();
                fused.mul(w).sum().backward();

                assertThat(fused.toFloatArray()).as("values, %s", spec).containsExactly(separate.toFloatArray());
                assertThat(b.grad().toFloatArray()).as("input gradient, %s", spec).containsExactly(a.grad().toFloatArray());
            }
        }
    }

    @Test
    void aNanInAWindowComesOutAsNanEitherWay() {
        try (MemoryScope ignored = MemoryScope.open()) {
            float[] data = {-1, Float.NaN, -3, -4, 5, -6, 7, 8};
            Tensor x = Tensor.of(data, 1, 1, 2, 4);
            Tensor separate = Functional.maxPool2d(x.relu(), Pool2dSpec.of(2, 2, 0));
            Tensor fused = Functional.maxPool2dRelu(x, Pool2dSpec.of(2, 2, 0));
            assertThat(fused.toFloatArray()).containsExactly(separate.toFloatArray());
            assertThat(fused.toFloatArray()[0]).isNaN();
        }
    }

    @Test
    void sequentialConvReluPoolMatchesItsLayersRunOneByOne() {
        try (MemoryScope ignored = MemoryScope.open()) {
            Generator.seedGlobal(5);
            Sequential seq = new Sequential(new Conv2d(2, 4, 3, 1, 1), new ReLU(), new MaxPool2d(2));
            float[] data = input(3 * 2 * 8 * 8, 11);
            Tensor x1 = Tensor.of(data, 3, 2, 8, 8).requiresGrad(true);
            Tensor x2 = Tensor.of(data, 3, 2, 8, 8).requiresGrad(true);
            float[] lw = Tensor.randn(new Generator(9), 3 * 4 * 4 * 4).toFloatArray();
            Tensor w = Tensor.of(lw, 3, 4, 4, 4);

            Tensor viaSequential = seq.call(x1);
            viaSequential.mul(w).sum().backward();
            float[] wGradSequential = seq.get(0).namedParameters().get("weight").grad().toFloatArray();
            float[] bGradSequential = seq.get(0).namedParameters().get("bias").grad().toFloatArray();
            seq.zeroGrad();
            Tensor oneByOne = seq.get(2).call(seq.get(1).call(seq.get(0).call(x2)));
            oneByOne.mul(w).sum().backward();

            assertThat(viaSequential.toFloatArray()).containsExactly(oneByOne.toFloatArray());
            assertThat(x1.grad().toFloatArray()).containsExactly(x2.grad().toFloatArray());
            assertThat(wGradSequential).containsExactly(seq.get(0).namedParameters().get("weight").grad().toFloatArray());
            assertThat(bGradSequential).containsExactly(seq.get(0).namedParameters().get("bias").grad().toFloatArray());
            assertThat(viaSequential.toFloatArray()).as("some windows are all negative").contains(0f);
        }
    }

    @Test
    void summaryStillShowsTheReluWithItsOwnOutputShape() {
        Sequential seq = new Sequential(new Conv2d(1, 4, 3, 1, 1), new ReLU(), new MaxPool2d(2));
        String s = Summary.of(seq, 2, 1, 8, 8);
        assertThat(s).containsPattern("1 \\(ReLU\\) +\\[2, 4, 8, 8\\] +0\n");
        assertThat(s).containsPattern("2 \\(MaxPool2d\\) +\\[2, 4, 4, 4\\] +0\n");
    }
}
