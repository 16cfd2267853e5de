package dev.jnn.backend.cuda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.core.Shape;
import org.junit.jupiter.api.Test;

/** The (i / div) % mod indexing the element-wise kernels use for broadcast operands. */
class BroadcastTest {
    private static long index(Broadcast b, long i) {
        return (i / b.div()) % b.mod();
    }

    @Test
    void aFullOperandIsIndexedDirectly() {
        assertThat(Broadcast.of(Shape.of(3, 5), Shape.of(3, 5))).isEqualTo(new Broadcast(1, 15));
    }

    @Test
    void aRowVectorRepeatsEveryRow() {
        Broadcast b = Broadcast.of(Shape.of(5), Shape.of(3, 5));
        assertThat(b).isEqualTo(new Broadcast(1, 5));
        assertThat(index(b, 7)).isEqualTo(2);   // row 1, column 2
    }

    @Test
    void aColumnHoldsAlongEachRow() {
        Broadcast b = Broadcast.of(Shape.of(3, 1), Shape.of(3, 5));
        assertThat(b).isEqualTo(new Broadcast(5, 3));
        assertThat(index(b, 7)).isEqualTo(1);
    }

    @Test
    void aPerChannelOperandOfAnNchwTensorIndexesTheChannel() {
        Broadcast b = Broadcast.of(Shape.of(1, 4, 1, 1), Shape.of(2, 4, 3, 3));
        assertThat(b).isEqualTo(new Broadcast(9, 4));
        long i = ((1 * 4 + 2) * 3 + 1) * 3 + 2;  // n=1, c=2, h=1, w=2
        assertThat(index(b, i)).isEqualTo(2);
    }

    @Test
    void aScalarAndSizeOneDimensionsOfTheOutputAreHarmless() {
        assertThat(Broadcast.of(Shape.of(1), Shape.of(2, 3))).isEqualTo(new Broadcast(1, 1));
        assertThat(Broadcast.of(Shape.of(3, 1, 4), Shape.of(3, 1, 4))).isEqualTo(new Broadcast(1, 12));
    }

    @Test
    void twoSeparatedRunsAreRejectedWithBothShapes() {
        assertThatThrownBy(() -> Broadcast.of(Shape.of(2, 1, 4), Shape.of(2, 3, 4)))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("[2, 1, 4]");
    }

    @Test
    void incompatibleShapesAreAnError() {
        assertThatThrownBy(() -> Broadcast.of(Shape.of(4), Shape.of(3, 5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot broadcast");
    }
}
