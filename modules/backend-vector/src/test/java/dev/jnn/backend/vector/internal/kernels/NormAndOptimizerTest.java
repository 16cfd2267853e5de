package dev.jnn.backend.vector.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Batch norm and the fused optimizer steps against numbers printed by PyTorch 1.13 (script in the test). */
class NormAndOptimizerTest {

    private static final Parallel TWO = new Parallel(2);

    @AfterAll
    static void closePool() {
        TWO.close();
    }

    // x of shape 2x2x2x2; BatchNorm2d(2) with weight [1.5, -0.5], bias [0.1, 0.2]; loss = sum(y * w),
    // w = arange(16) / 10. Printed by torch 1.13.
    private static final float[] X = {1.0f, 2.0f, 3.0f, 4.0f, -1.0f, 0.5f, 0.25f, 2.0f, 0.5f, -2.0f, 1.5f, 0.0f,
        3.0f, 1.0f, -0.5f, 0.75f};
    private static final float[] Y = {-0.11650598f, 0.749517977f, 1.61554193f, 2.48156595f, 0.925863683f,
        0.303694814f, 0.407389641f, -0.318474054f, -0.549517989f, -2.71457791f, 0.316505998f, -0.982529938f,
        -0.7332533f, 0.0963051915f, 0.71847403f, 0.200000003f};
    private static final float[] GX = {-0.50698477f, -0.297696084f, -0.0884073526f, 0.120881371f, 0.164128169f,
        0.177507758f, 0.126886904f, 0.149409443f, 0.124491259f, -0.0956221595f, 0.420382351f, 0.322955281f,
        -0.0214085262f, -0.136029765f, -0.232365236f, -0.228128567f};

    @Test
    void batchNorm2dTrainingMatchesPyTorch() {
        float[] gy = new float[16];
        for (int i = 0; i < 16; i++) {
            gy[i] = i / 10f;
        }
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Seg.of(arena, X), gamma = Seg.of(arena, new float[] {1.5f, -0.5f});
            MemorySegment beta = Seg.of(arena, new float[] {0.1f, 0.2f});
            MemorySegment rm = Seg.of(arena, new float[2]), rv = Seg.of(arena, new float[] {1f, 1f});
            MemorySegment sm = Seg.of(arena, new float[2]), si = Seg.of(arena, new float[2]);
            MemorySegment y = Seg.of(arena, new float[16]), gx = Seg.of(arena, new float[16]);
            MemorySegment dg = Seg.of(arena, new float[2]), db = Seg.of(arena, new float[2]);
            BatchNorm.forwardTrain(x, 0, 2, 2, 4, gamma, 0, beta, 0, 1e-5f, 0.1f, rm, 0, rv, 0, sm, 0, si, 0, y, 0, TWO);
            float[] got = Seg.floats(y, 16);
            for (int i = 0; i < 16; i++) {
                assertThat(got[i]).isCloseTo(Y[i], offset(2e-6f));
            }
            assertThat(Seg.floats(rm, 2)).containsExactly(new float[] {0.125f, 0.075000003f}, offset(1e-7f));
            assertThat(Seg.floats(rv, 2)).containsExactly(new float[] {1.2428571f, 1.06607139f}, offset(1e-6f));
            BatchNorm.backward(Seg.of(arena, gy), 0, x, 0, 2, 2, 4, gamma, 0, sm, 0, si, 0, gx, 0, dg, 0, db, 0, TWO);
            float[] g = Seg.floats(gx, 16);
            for (int i = 0; i < 16; i++) {
                assertThat(g[i]).isCloseTo(GX[i], offset(2e-6f));
            }
            assertThat(Seg.floats(dg, 2)).containsExactly(new float[] {-1.96298766f, 0.850297511f}, offset(2e-6f));
            assertThat(Seg.floats(db, 2)).containsExactly(new float[] {4.4000001f, 7.60000038f}, offset(1e-6f));
        }
    }

    @Test
    void batchNorm1dLayoutAgreesWithThe2dLayoutOfTheSameData() {
        // NC with n=37 rows and c=L+3 channels vs the same data as N=1, C=c... planes: transpose it.
        int n = 37, c = Simd.L + 3;
        float[] x = Seg.random(31, n * c), gy = Seg.random(32, n * c);
        float[] xt = new float[n * c], gyt = new float[n * c];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < c; j++) {
                xt[j * n + r] = x[r * c + j];
                gyt[j * n + r] = gy[r * c + j];
            }
        }
        try (Arena arena = Arena.ofShared()) {
            float[][] nc = runBn(arena, x, gy, n, c, 1);
            float[][] chw = runBn(arena, xt, gyt, 1, c, n);
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < c; j++) {
                    assertThat(nc[0][r * c + j]).isCloseTo(chw[0][j * n + r], offset(1e-5f));
                    assertThat(nc[1][r * c + j]).isCloseTo(chw[1][j * n + r], offset(1e-5f));
                }
            }
        }
        assertThatThrownBy(() -> {
            try (Arena arena = Arena.ofShared()) {
                runBn(arena, new float[3], new float[3], 1, 3, 1);
            }
        }).hasMessageContaining("more than one value per channel");
    }

    private static float[][] runBn(Arena arena, float[] x, float[] gy, int n, int c, int hw) {
        MemorySegment sx = Seg.of(arena, x), y = Seg.of(arena, new float[x.length]), gx = Seg.of(arena, new float[x.length]);
        MemorySegment sm = Seg.of(arena, new float[c]), si = Seg.of(arena, new float[c]);
        BatchNorm.forwardTrain(sx, 0, n, c, hw, null, 0, null, 0, 1e-5f, 0.1f, null, 0, null, 0, sm, 0, si, 0, y, 0, TWO);
        BatchNorm.backward(Seg.of(arena, gy), 0, sx, 0, n, c, hw, null, 0, sm, 0, si, 0, gx, 0, null, 0, null, 0, TWO);
        return new float[][] {Seg.floats(y, x.length), Seg.floats(gx, x.length)};
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
