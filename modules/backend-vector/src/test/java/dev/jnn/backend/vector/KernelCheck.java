package dev.jnn.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.tck.OpCheck;

/**
 * Runs one SPI kernel call on two backends over the same inputs and compares every tensor
 * afterwards (inputs, outputs and in-place targets alike). Tensors are drawn from a fixed seed:
 * normal values, positive values, or integer indices.
 */
final class KernelCheck {
    /** One kernel call on the given tensors. */
    @FunctionalInterface
    interface Kernel {
        void run(Backend b, Tensor[] t);
    }

    /** A tensor to draw: a shape and a value family ({@code bound > 0}: indices in [0, bound)). */
    record In(int[] shape, boolean positive, int bound) {
    }

    static In normal(int... shape) {
        return new In(shape, false, 0);
    }

    static In positive(int... shape) {
        return new In(shape, true, 0);
    }

    static In index(int bound, int... shape) {
        return new In(shape, false, bound);
    }

    private KernelCheck() {
    }

    /** The values of every tensor after running {@code k} on backend {@code b}. */
    static float[][] run(Backend b, Kernel k, In... ins) {
        try (MemoryScope ignored = MemoryScope.open()) {
            Generator g = new Generator(1234);
            Tensor[] t = new Tensor[ins.length];
            for (int i = 0; i < ins.length; i++) {
                float[] v = new float[Math.toIntExact(Shape.of(ins[i].shape()).numel())];
                for (int j = 0; j < v.length; j++) {
                    v[j] = ins[i].bound() > 0 ? g.nextInt(ins[i].bound())
                            : ins[i].positive() ? 0.5f + 2f * g.nextFloat() : (float) g.nextGaussian();
                }
                t[i] = Tensor.of(b, v, Shape.of(ins[i].shape()));
            }
            k.run(b, t);
            float[][] out = new float[t.length][];
            for (int i = 0; i < t.length; i++) out[i] = t[i].toFloatArray();
            return out;
        }
    }

    static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
        return b;
    }

    /**
     * Asserts equal bits element by element. (AssertJ's containsExactly is far too slow on arrays of
     * 10^5 elements, so this compares with Arrays.mismatch and reports the first difference.)
     */
    static void assertBitIdentical(String what, float[] got, float[] want) {
        int at = java.util.Arrays.mismatch(bits(got), bits(want));
        assertThat(at).as(what + ": first differing element " + at
                + (at >= 0 && at < Math.min(got.length, want.length) ? " is " + got[at] + ", expected " + want[at] : "")
                + " (lengths " + got.length + ", " + want.length + ")").isEqualTo(-1);
    }

    /** Asserts that {@code tested} and {@code reference} leave every tensor within {@code tol} (relative). */
    static void assertMatches(String name, double tol, Backend tested, Backend reference, Kernel k, In... ins) {
        float[][] got = run(tested, k, ins);
        float[][] want = run(reference, k, ins);
        for (int i = 0; i < got.length; i++) {
            if (tol == 0) {
                assertBitIdentical(name + ": tensor " + i, got[i], want[i]);
            } else {
                OpCheck.assertClose(name + ": tensor " + i, got[i], want[i], tol);
            }
        }
    }
}
