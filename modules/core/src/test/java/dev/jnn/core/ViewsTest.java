package dev.jnn.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Views share storage (reshape, flatten, unsqueeze, narrow along dimension 0); the others copy. */
class ViewsTest extends OnReference {
    private static Tensor range(int... dims) {
        return Tensor.arange(0, Shape.of(dims).numel(), 1).reshape(dims);
    }

    @Test
    void reshapeSharesStorageAndInfersOneDimension() {
        Tensor x = range(2, 6);
        Tensor v = x.reshape(3, -1);
        assertThat(v.shape()).isEqualTo(Shape.of(3, 4));
        assertThat(v.storage()).isSameAs(x.storage());
        x.fill(7f);
        assertThat(v.toFloatArray()).containsOnly(7f);
        assertThatThrownBy(() -> x.reshape(5, -1)).hasMessageContaining("cannot view [2, 6]");
        assertThatThrownBy(() -> x.reshape(-1, -1)).hasMessageContaining("only one dimension can be -1");
    }

    @Test
    void flattenUnsqueezeAndSqueeze() {
        Tensor x = range(2, 3, 4);
        assertThat(x.flatten(1, 2).shape()).isEqualTo(Shape.of(2, 12));
        assertThat(x.flatten().shape()).isEqualTo(Shape.of(24));
        assertThat(x.unsqueeze(-1).shape()).isEqualTo(Shape.of(2, 3, 4, 1));
        assertThat(x.unsqueeze(0).squeeze(0).shape()).isEqualTo(Shape.of(2, 3, 4));
        assertThat(x.squeeze(1)).isSameAs(x);   // size 3: nothing to squeeze
    }

    @Test
    void narrowAlongTheFirstDimensionIsAViewWithAnOffset() {
        Tensor x = range(4, 3);
        Tensor rows = x.narrow(0, 1, 2);
        assertThat(rows.storage()).isSameAs(x.storage());
        assertThat(rows.offset()).isEqualTo(3);
        assertThat(rows.toFloatArray()).containsExactly(3, 4, 5, 6, 7, 8);
        Tensor cols = x.narrow(1, 1, 2);
        assertThat(cols.storage()).isNotSameAs(x.storage());
        assertThat(cols.toFloatArray()).containsExactly(1, 2, 4, 5, 7, 8, 10, 11);
    }

    @Test
    void transposeAndPermuteMoveValues() {
        Tensor x = range(2, 3);
        assertThat(x.t().toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
        Tensor y = range(2, 3, 4).permute(2, 0, 1);
        assertThat(y.shape()).isEqualTo(Shape.of(4, 2, 3));
        assertThat(y.toFloatArray()[1]).isEqualTo(4f);   // y[0,0,1] = x[0,1,0]
        assertThatThrownBy(() -> x.permute(0, 0)).hasMessageContaining("repeated dimension");
    }

    @Test
    void expandCatStackAndGather() {
        assertThat(t(1, 2).reshape(2, 1).expand(2, 3).toFloatArray()).containsExactly(1, 1, 1, 2, 2, 2);
        Tensor c = Tensor.cat(List.of(range(1, 2), range(2, 2)), 0);
        assertThat(c.toFloatArray()).containsExactly(0, 1, 0, 1, 2, 3);
        assertThat(Tensor.stack(List.of(t(1, 2), t(3, 4)), 1).toFloatArray()).containsExactly(1, 3, 2, 4);
        Tensor g = range(2, 3).gather(1, Tensor.of(new float[] {2, 0}, 2, 1));
        assertThat(g.toFloatArray()).containsExactly(2, 3);
        assertThat(range(3, 2).indexSelect(0, t(2, 0)).toFloatArray()).containsExactly(4, 5, 0, 1);
    }

    @Test
    void gradientsFlowBackThroughViewsAndCopies() {
        Tensor x = range(2, 3).requiresGrad(true);
        x.t().reshape(-1).narrow(0, 1, 4).mul(t(1, 2, 3, 4)).sum().backward();
        // t() reads x as [0,3,1,4,2,5]; elements 1..4 of that are x[1,0], x[0,1], x[1,1], x[0,2]
        assertThat(x.grad().toFloatArray()).containsExactly(0, 2, 4, 1, 3, 0);
    }
}
