package dev.jnn.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Binary ops broadcast as PyTorch does, and their gradients sum back to each input's shape. */
class BroadcastingTest extends OnReference {
    @Test
    void aColumnPlusARowGivesAMatrix() {
        Tensor col = Tensor.of(new float[] {10, 20}, 2, 1);
        Tensor row = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        Tensor sum = col.add(row);
        assertThat(sum.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(sum.toFloatArray()).containsExactly(11, 12, 13, 21, 22, 23);
    }

    @Test
    void gradientsAreSummedOverBroadcastDimensions() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {2, 3, 4}, 3).requiresGrad(true);
        a.mul(b).sum().backward();
        assertThat(a.grad().toFloatArray()).containsExactly(2, 3, 4, 2, 3, 4);
        assertThat(b.grad().shape()).isEqualTo(Shape.of(3));
        assertThat(b.grad().toFloatArray()).containsExactly(5, 7, 9);
    }

    @Test
    void aScalarBroadcastsToEverything() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertThat(x.sub(Tensor.scalar(1f)).toFloatArray()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void shapesThatDoNotBroadcastAreNamed() {
        assertThatThrownBy(() -> Tensor.zeros(2, 3).add(Tensor.zeros(3, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("add: shapes [2, 3] and [3, 2] do not broadcast");
    }

    @Test
    void tensorsOfTwoBackendsDoNotMix() {
        try (dev.jnn.core.spi.ReferenceBackend other = new dev.jnn.core.spi.ReferenceBackend()) {
            Tensor mine = Tensor.zeros(2);
            Tensor theirs = Tensor.zeros(other, Shape.of(2));
            assertThatThrownBy(() -> mine.add(theirs)).hasMessageContaining("tensors live on different backends");
            assertThat(theirs.to(backend).add(mine).toFloatArray()).containsExactly(0, 0);
        }
    }
}
