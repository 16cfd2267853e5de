package dev.jnn.core.spi;

import java.lang.foreign.MemorySegment;

/**
 * How reference kernels reach their operands: each input is copied into a Java array, the result
 * computed there, and each output copied back, through the backend's own {@link MemoryOps}, so
 * the reference kernels run on any backend's memory (a GPU's included) and outputs may alias inputs.
 */
final class HostCopies {
    private HostCopies() {
    }

    /** A host copy of {@code t}'s values. */
    static float[] read(MemoryOps m, TensorView t) {
        return read(m, t, Math.toIntExact(t.numel()));
    }

    /** A host copy of the first {@code n} values of {@code t}. */
    static float[] read(MemoryOps m, TensorView t, int n) {
        float[] v = new float[n];
        m.copyToHost(t.block(), t.offset() * Float.BYTES, MemorySegment.ofArray(v), 0, (long) n * Float.BYTES);
        return v;
    }

    /** Overwrites the first {@code v.length} values of {@code t} with {@code v}. */
    static void write(MemoryOps m, TensorView t, float[] v) {
        m.copyFromHost(MemorySegment.ofArray(v), 0, t.block(), t.offset() * Float.BYTES, (long) v.length * Float.BYTES);
    }

    /** The floats of {@code d}, rounded. */
    static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    /** Advances a row-major multi-index over {@code dims}. */
    static void increment(int[] idx, int[] dims) {
        for (int d = dims.length - 1; d >= 0; d--) {
            if (++idx[d] < dims[d]) return;
            idx[d] = 0;
        }
    }

    /** {@code value} as an index into a dimension of {@code size}, or an error naming {@code op}. */
    static int checkIndex(String op, float value, int size) {
        int k = (int) value;
        if (k != value || k < 0 || k >= size) {
            throw new IllegalArgumentException(op + ": index " + value + " is out of range [0, " + size + ")");
        }
        return k;
    }
}
