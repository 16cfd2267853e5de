package dev.jnn.backend.vector.internal.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Test helpers: native segments from arrays and back, and seeded random data. */
final class Seg {

    private Seg() {
    }

    static MemorySegment of(Arena arena, float[] values) {
        MemorySegment s = arena.allocate(Math.max(4L, 4L * values.length), 64);
        MemorySegment.copy(values, 0, s, ValueLayout.JAVA_FLOAT, 0, values.length);
        return s;
    }

    static MemorySegment ofInts(Arena arena, int[] values) {
        MemorySegment s = arena.allocate(Math.max(4L, 4L * values.length), 64);
        MemorySegment.copy(values, 0, s, ValueLayout.JAVA_INT, 0, values.length);
        return s;
    }

    static float[] floats(MemorySegment s, int n) {
        float[] out = new float[n];
        MemorySegment.copy(s, ValueLayout.JAVA_FLOAT, 0, out, 0, n);
        return out;
    }

    static int[] ints(MemorySegment s, int n) {
        int[] out = new int[n];
        MemorySegment.copy(s, ValueLayout.JAVA_INT, 0, out, 0, n);
        return out;
    }

    /** n uniform values in [-1, 1) from a fixed seed. */
    static float[] random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    /** Largest |a - b| / max(1, |b|) over all elements; fails on a length mismatch. */
    static double maxRelErr(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("length " + a.length + " != " + b.length);
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.isNaN(a[i]) != Float.isNaN(b[i])) {
                return Double.POSITIVE_INFINITY;
            }
            if (Float.isNaN(a[i]) || a[i] == b[i]) {
                continue;
            }
            worst = Math.max(worst, Math.abs((double) a[i] - b[i]) / Math.max(1, Math.abs((double) b[i])));
        }
        return worst;
    }
}
