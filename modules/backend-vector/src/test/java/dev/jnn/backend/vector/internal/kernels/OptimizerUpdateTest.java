package dev.jnn.backend.vector.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The fused optimizer steps against numbers printed by PyTorch 1.13. */
class OptimizerUpdateTest {

    private static final Parallel TWO = new Parallel(2);

    @AfterAll
    static void closePool() {
        TWO.close();
    }

    // Parameter [0.5, -1.25, 2, 0, -0.75] after three steps with these gradients, printed by torch 1.13.
    private static final float[] P0 = {0.5f, -1.25f, 2.0f, 0.0f, -0.75f};
    private static final float[][] GRADS = {{0.1f, -0.2f, 0.3f, -0.4f, 0.05f}, {-0.3f, 0.25f, 0.1f, 0.2f, -0.15f},
        {0.2f, 0.1f, -0.05f, 0.3f, 0.4f}};

    private static void assertClose(MemorySegment p, float... expected) {
        float[] got = Seg.floats(p, expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(got[i]).as("element %d", i).isCloseTo(expected[i], offset(1e-6f));
        }
    }

    @Test
    void sgdWithMomentumMatchesPyTorch() {
        try (Arena arena = Arena.ofShared()) {
            // SGD(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)
            MemorySegment p = Seg.of(arena, P0), buf = Seg.of(arena, new float[5]);
            for (int t = 0; t < 3; t++) {
                SgdUpdate.step(5, p, 0, Seg.of(arena, GRADS[t]), 0, buf, 0, 0.1f, 0.9f, 0f, 0.01f, true, false, t == 0, TWO);
            }
            assertClose(p, 0.504887044f, -1.25804174f, 1.86350465f, 0.0260205418f, -0.796521366f);
            // SGD(lr=0.1, momentum=0.9, dampening=0.5)
            p = Seg.of(arena, P0);
            for (int t = 0; t < 3; t++) {
                SgdUpdate.step(5, p, 0, Seg.of(arena, GRADS[t]), 0, buf, 0, 0.1f, 0.9f, 0.5f, 0f, false, false, t == 0, TWO);
            }
            assertClose(p, 0.491400033f, -1.22455001f, 1.91170013f, 0.0744000003f, -0.769299984f);
        }
    }

    @Test
    void adamAndAdamWMatchPyTorch() {
        try (Arena arena = Arena.ofShared()) {
            // Adam(lr=0.01, weight_decay=0.1, amsgrad=True)
            MemorySegment p = Seg.of(arena, P0), m = Seg.of(arena, new float[5]), v = Seg.of(arena, new float[5]);
            MemorySegment vmax = Seg.of(arena, new float[5]);
            for (int t = 0; t < 3; t++) {
                AdamUpdate.step(5, p, 0, Seg.of(arena, GRADS[t]), 0, m, 0, v, 0, vmax, 0, 0.01f, 0.9f, 0.999f, 1e-8f,
                        0.1f, false, true, false, t + 1, TWO);
            }
            assertClose(p, 0.49054271f, -1.23326874f, 1.97168493f, 0.0107704382f, -0.733550906f);
            // AdamW(lr=0.01, weight_decay=0.1)
            p = Seg.of(arena, P0);
            m = Seg.of(arena, new float[5]);
            v = Seg.of(arena, new float[5]);
            for (int t = 0; t < 3; t++) {
                AdamUpdate.step(5, p, 0, Seg.of(arena, GRADS[t]), 0, m, 0, v, 0, null, 0, 0.01f, 0.9f, 0.999f, 1e-8f,
                        0.1f, true, false, false, t + 1, TWO);
            }
            assertClose(p, 0.493270606f, -1.2410059f, 1.9696722f, 0.0107890228f, -0.757332981f);
        }
    }

    @Test
    void optimizerStepsAgreeBetweenVectorBodyAndScalarTail() {
        int n = 3 * Simd.L + 5;
        float[] p0 = Seg.random(41, n), g = Seg.random(42, n);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment p = Seg.of(arena, p0), m = Seg.of(arena, new float[n]), v = Seg.of(arena, new float[n]);
            AdamUpdate.step(n, p, 0, Seg.of(arena, g), 0, m, 0, v, 0, null, 0, 0.01f, 0.9f, 0.999f, 1e-8f, 0f, false,
                    false, false, 1, TWO);
            float[] got = Seg.floats(p, n);
            for (int i = 0; i < n; i++) {
                // First Adam step: m/(sqrt(v)/sqrt(bc2)) = sign(g) up to eps, so p moves by lr.
                assertThat((double) got[i]).isCloseTo(p0[i] - 0.01 * Math.signum(g[i]), offset(1e-5));
            }
        }
    }
}
