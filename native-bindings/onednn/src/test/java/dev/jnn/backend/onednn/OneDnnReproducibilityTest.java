package dev.jnn.backend.onednn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.core.Backends;
import dev.jnn.core.Functional;
import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.Pool2dSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same seed and thread count give the same losses, bit for bit (a small CNN, SGD, 2 threads). */
@SuppressWarnings("try")   // MemoryScope and NoGrad are scopes, not resources the body uses
class OneDnnReproducibilityTest {
    private static Tensor param(Backend b, Generator g, float std, int... dims) {
        float[] v = new float[(int) Shape.of(dims).numel()];
        g.fillNormal(v, 0, std);
        return MemoryScope.persistent(() -> Tensor.of(b, v, Shape.of(dims)).requiresGrad(true));
    }

    /** Losses of 4 SGD steps of conv-relu-pool-conv-relu-pool-linear on a fixed batch of 8 (11x11 images). */
    private static float[] losses(int threads) {
        try (Backend b = Backends.load().create("onednn", new BackendConfig(threads, false))) {
            Generator g = new Generator(7);
            Tensor w1 = param(b, g, 0.3f, 16, 1, 5, 5);
            Tensor b1 = param(b, g, 0.1f, 16);
            Tensor w2 = param(b, g, 0.1f, 32, 16, 3, 3);
            Tensor b2 = param(b, g, 0.1f, 32);
            Tensor w3 = param(b, g, 0.1f, 10, 32 * 2 * 2);
            float[] xs = new float[8 * 11 * 11];
            g.fillNormal(xs, 0, 1);
            float[] ys = {0, 1, 2, 3, 4, 5, 6, 7};
            Tensor x = MemoryScope.persistent(() -> Tensor.of(b, xs, Shape.of(8, 1, 11, 11)));
            Tensor y = MemoryScope.persistent(() -> Tensor.of(b, ys, Shape.of(8)));
            float[] out = new float[4];
            for (int step = 0; step < out.length; step++) {
                try (MemoryScope ignored = MemoryScope.open()) {
                    Tensor h = Functional.maxPool2d(Functional.conv2d(x, w1, b1, Conv2dSpec.of(1, 2, 1)).relu(), Pool2dSpec.of(2, 2, 0));
                    h = Functional.maxPool2d(Functional.conv2d(h, w2, b2, Conv2dSpec.of(1, 1, 1)).relu(), Pool2dSpec.of(2, 2, 0));
                    Tensor loss = Functional.crossEntropy(Functional.linear(h.flatten(1, -1), w3, null), y,
                            Functional.Reduction.MEAN, 0f);
                    loss.backward();
                    out[step] = loss.item();
                    try (NoGrad ng = NoGrad.enter()) {
                        for (Tensor t : List.of(w1, b1, w2, b2, w3)) {
                            t.addInPlace(t.grad(), -0.1f);
                            t.zeroGrad();
                        }
                    }
                }
            }
            return out;
        }
    }

    @Test
    void sameThreadCountGivesBitIdenticalLosses() {
        Availability a = Backends.load().entries().stream().filter(e -> e.name().equals("onednn")).findFirst()
                .map(Backends.Entry::availability).orElse(Availability.unavailable("no onednn provider"));
        assumeTrue(a.available(), a.toString());
        float[] first = losses(2);
        float[] second = losses(2);
        assertThat(first[3]).as("the model learns").isLessThan(first[0]);
        for (int i = 0; i < first.length; i++) {
            assertThat(Float.floatToRawIntBits(second[i])).as("loss " + i).isEqualTo(Float.floatToRawIntBits(first[i]));
        }
    }
}
