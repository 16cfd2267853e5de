package dev.jnn.backend.onednn.internal;

import static org.assertj.core.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/** Native float buffers for op tests, and the one closeness check they all use. */
final class Buffers {
    private Buffers() {
    }

    /** Normal values in a fixed-seed stream, pushed at least 0.05 from zero (no ReLU kink at 0). */
    static float[] normal(long seed, int n) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            float x = (float) r.nextGaussian();
            v[i] = x >= 0 ? x + 0.05f : x - 0.05f;
        }
        return v;
    }

    /** Values in [0.5, 2.5). */
    static float[] positive(long seed, int n) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = 0.5f + 2f * r.nextFloat();
        return v;
    }

    /** A 64-byte aligned native copy of {@code v}. */
    static MemorySegment of(Arena arena, float[] v) {
        MemorySegment s = arena.allocate((long) Math.max(1, v.length) * Float.BYTES, 64);
        MemorySegment.copy(v, 0, s, ValueLayout.JAVA_FLOAT, 0, v.length);
        return s;
    }

    /** A 64-byte aligned native buffer of {@code n} floats filled with NaN, so unwritten outputs show. */
    static MemorySegment out(Arena arena, int n) {
        MemorySegment s = arena.allocate((long) Math.max(1, n) * Float.BYTES, 64);
        for (int i = 0; i < n; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, Float.NaN);
        return s;
    }

    static float[] read(MemorySegment s, int n) {
        float[] v = new float[n];
        MemorySegment.copy(s, ValueLayout.JAVA_FLOAT, 0, v, 0, n);
        return v;
    }

    /** Element-wise agreement within {@code rel} of the largest magnitude of {@code want} (at least 1). */
    static void assertClose(String what, float[] got, double[] want, double rel) {
        if (got.length != want.length) fail(what + ": length " + got.length + ", expected " + want.length);
        double scale = 1;
        for (double w : want) scale = Math.max(scale, Math.abs(w));
        for (int i = 0; i < got.length; i++) {
            if (!(Math.abs(got[i] - want[i]) <= rel * scale)) {
                fail(what + ": element " + i + " is " + got[i] + ", expected " + want[i] + " (tolerance " + rel * scale + ")");
            }
        }
    }
}
