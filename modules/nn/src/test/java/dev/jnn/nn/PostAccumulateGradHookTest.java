package dev.jnn.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Tensor;
import dev.jnn.testing.VectorBackendScope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-leaf hook that data-parallel training starts its all-reduce from: it fires once per
 * backward pass, only when the leaf's gradient is final, also for a weight used twice and for one
 * that a layer adds into in place.
 */
@SuppressWarnings("try")   // MemoryScope is a scope, not a resource the body uses
@ExtendWith(VectorBackendScope.class)
class PostAccumulateGradHookTest {
    @Test
    void firesOnceWithTheFinalGradientOfAWeightUsedTwice() {
        Linear l = new Linear(3, 3);
        l.resetParameters(new Generator(5));
        Tensor w = l.weight();
        List<float[]> seen = new ArrayList<>();
        w.registerPostAccumulateGradHook(t -> seen.add(t.grad().toFloatArray()));
        for (int pass = 0; pass < 2; pass++) {
            // The second pass adds into the existing grad in place (the linear node's accumulator path).
            try (MemoryScope ignored = MemoryScope.open()) {
                Tensor x = Tensor.randn(new Generator(pass), 2, 3);
                l.call(l.call(x).relu()).sum().backward();   // w is used twice: a diamond in the graph
            }
            assertThat(seen).hasSize(pass + 1);
            assertThat(seen.get(pass)).containsExactly(w.grad().toFloatArray());
        }
    }

    @Test
    void hooksRunInLayerOrderFromTheOutputBackAndCanBeRemoved() {
        Linear first = new Linear(4, 3);
        Linear second = new Linear(3, 2);
        List<String> order = new ArrayList<>();
        first.weight().registerPostAccumulateGradHook(t -> order.add("first"));
        Runnable remove = second.weight().registerPostAccumulateGradHook(t -> order.add("second"));
        try (MemoryScope ignored = MemoryScope.open()) {
            second.call(first.call(Tensor.ones(1, 4))).sum().backward();
        }
        assertThat(order).containsExactly("second", "first");
        remove.run();
        try (MemoryScope ignored = MemoryScope.open()) {
            second.call(first.call(Tensor.ones(1, 4))).sum().backward();
        }
        assertThat(order).containsExactly("second", "first", "first");
    }

    @Test
    void onlyLeavesTakeTheHook() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor y = w.mul(w);
            assertThatThrownBy(() -> y.registerPostAccumulateGradHook(t -> { }))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("only a leaf");
        }
    }
}
