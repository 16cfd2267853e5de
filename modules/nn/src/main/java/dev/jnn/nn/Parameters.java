package dev.jnn.nn;

import dev.jnn.core.BackendScope;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;

/** Allocation of layer state that outlives any step scope the layer happens to be built in. */
final class Parameters {
    private Parameters() {
    }

    /**
     * A zeroed tensor on the current {@link BackendScope}'s backend (layers are built inside one, or
     * in code that passes tensors of a backend), outside any {@link MemoryScope}.
     */
    static Tensor zeros(int... dims) {
        return MemoryScope.persistent(() -> Tensor.zeros(BackendScope.current(), Shape.of(dims)));
    }

    /** A tensor filled with {@code value}, outside any scope. */
    static Tensor full(float value, int... dims) {
        return MemoryScope.persistent(() -> Tensor.full(BackendScope.current(), Shape.of(dims), value));
    }

    static void checkPositive(String layer, String what, int value) {
        if (value < 1) throw new IllegalArgumentException(layer + ": " + what + " must be at least 1, got " + value);
    }
}
