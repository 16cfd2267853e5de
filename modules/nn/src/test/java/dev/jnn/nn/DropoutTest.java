package dev.jnn.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Tensor;
import dev.jnn.testing.VectorBackendScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Inverted dropout: seeded masks, 1/(1-p) scaling, identity in eval, gradient through the mask. */
@SuppressWarnings("try")   // MemoryScope and NoGrad are scopes, not resources the body uses
@ExtendWith(VectorBackendScope.class)
class DropoutTest {
    private static float[] run(Dropout d, int n) {
        try (MemoryScope ignored = MemoryScope.open()) {
            return d.call(Tensor.ones(n)).toFloatArray();
        }
    }

    @Test
    void sameSeedGivesTheSameMask() {
        float[] a = run(new Dropout(0.3f, new Generator(11)), 1000);
        float[] b = run(new Dropout(0.3f, new Generator(11)), 1000);
        float[] c = run(new Dropout(0.3f, new Generator(12)), 1000);
        assertThat(a).containsExactly(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void keptElementsAreScaledAndAboutPAreDropped() {
        int n = 20_000;
        float[] y = run(new Dropout(0.25f, new Generator(3)), n);
        int dropped = 0;
        for (float v : y) {
            if (v == 0f) dropped++;
            else assertThat(v).isEqualTo(1f / 0.75f);
        }
        // Binomial(n, 0.25): standard deviation ≈ 61; allow 5 of them.
        assertThat((double) dropped).isCloseTo(0.25 * n, within(5 * Math.sqrt(n * 0.25 * 0.75)));
    }

    @Test
    void evalModeIsTheIdentity() {
        Dropout d = new Dropout(0.5f, new Generator(1));
        d.eval();
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor x = Tensor.of(new float[] {1, -2, 3, 0.5f}, 4);
            assertThat(d.call(x).toFloatArray()).containsExactly(1, -2, 3, 0.5f);
        }
    }

    @Test
    void gradientFollowsTheMask() {
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor x = Tensor.ones(500).requiresGrad(true);
            Tensor y = new Dropout(0.4f, new Generator(5)).call(x);
            y.sum().backward();
            assertThat(x.grad().toFloatArray()).containsExactly(y.toFloatArray());
        }
    }

    @Test
    void probabilityOutsideZeroOneIsRefused() {
        assertThatThrownBy(() -> new Dropout(1.5f)).hasMessage("Dropout: p must be in [0, 1], got 1.5");
    }
}
