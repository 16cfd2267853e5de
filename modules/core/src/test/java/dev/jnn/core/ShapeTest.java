package dev.jnn.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Shapes: sizes, strides, negative dimensions and broadcasting, with the sizes that find bugs (0, 1, scalars). */
class ShapeTest {
    @Test
    void aScalarHasRankZeroAndOneElement() {
        assertThat(Shape.of().rank()).isZero();
        assertThat(Shape.of().numel()).isEqualTo(1);
        assertThat(Shape.of(3, 0, 5).numel()).isZero();
    }

    @Test
    void stridesAreRowMajorAndNegativeDimensionsCountFromTheEnd() {
        Shape s = Shape.of(2, 3, 4);
        assertThat(s.strides()).containsExactly(12, 4, 1);
        assertThat(s.size(-1)).isEqualTo(4);
        assertThat(s.normalize(-3)).isZero();
        assertThat(s.outer(1)).isEqualTo(2);
        assertThat(s.inner(1)).isEqualTo(4);
        assertThatThrownBy(() -> s.size(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeSizesAreRefused() {
        assertThatThrownBy(() -> Shape.of(2, -1)).hasMessageContaining("negative size");
    }

    @Test
    void broadcastingAlignsFromTheRight() {
        assertThat(Shape.broadcast("add", Shape.of(4, 1, 5), Shape.of(3, 5))).isEqualTo(Shape.of(4, 3, 5));
        assertThat(Shape.broadcast("add", Shape.of(), Shape.of(2, 2))).isEqualTo(Shape.of(2, 2));
        assertThat(Shape.broadcast("add", Shape.of(1), Shape.of(7))).isEqualTo(Shape.of(7));
        assertThatThrownBy(() -> Shape.broadcast("mul", Shape.of(2, 3), Shape.of(4, 3)))
                .hasMessage("mul: shapes [2, 3] and [4, 3] do not broadcast");
    }

    @Test
    void broadcastDimensionsReadWithStrideZero() {
        assertThat(Shape.of(3, 1).broadcastStrides(Shape.of(2, 3, 4))).containsExactly(0, 1, 0);
        assertThat(Shape.of(4).broadcastStrides(Shape.of(3, 4))).containsExactly(0, 1);
    }

    @Test
    void withoutAndWithChangeOneDimension() {
        assertThat(Shape.of(2, 3, 4).without(1)).isEqualTo(Shape.of(2, 4));
        assertThat(Shape.of(2, 3, 4).with(-1, 9)).isEqualTo(Shape.of(2, 3, 9));
        assertThat(Shape.of(2, 3)).hasToString("[2, 3]").isEqualTo(Shape.of(2, 3)).hasSameHashCodeAs(Shape.of(2, 3));
    }
}
