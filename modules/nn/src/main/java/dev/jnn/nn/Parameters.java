package dev.jnn.nn;

import dev.jnn.core.DefaultBackend;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;

/** Allocation of layer state that outlives any step scope the layer happens to be built in. */
final class Parameters {
    private Parameters() {
    }

    /** A zeroed tensor on the default backend, outside any {@link MemoryScope}. */
    static Tensor zeros(int... dims) {
        return MemoryScope.persistent(() -> Tensor.zeros(DefaultBackend.get(), Shape.of(dims)));
    }

    /** A tensor filled with {@code value}, outside any scope. */
    static Tensor full(float value, int... dims) {
        return MemoryScope.persistent(() -> Tensor.full(DefaultBackend.get(), Shape.of(dims), value));
    }

    /** A float as Python's {@code repr} prints it (0.1, 1e-05), so reprs read like PyTorch's. */
    static String pythonRepr(float f) {
        double a = Math.abs(f);
        String shortest = Float.toString(f);
        if (a == 0 || (a >= 1e-4 && a < 1e16)) {
            String plain = new java.math.BigDecimal(shortest).toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String[] parts = shortest.split("E");
        String mantissa = parts[0].endsWith(".0") ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
        int exp = Integer.parseInt(parts[1]);
        return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }

    static void checkPositive(String layer, String what, int value) {
        if (value < 1) throw new IllegalArgumentException(layer + ": " + what + " must be at least 1, got " + value);
    }
}
