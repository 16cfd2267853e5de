package dev.jnn.data.internal;

import java.util.SplittableRandom;

/** Seeded Fisher–Yates permutations, shared by the loader and the train/validation split. */
public final class Shuffle {
    private Shuffle() {}

    /** A uniformly random permutation of {@code 0..n-1} (Fisher–Yates, from the end). */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * A well-mixed 64-bit seed from a base seed and up to two integers (SplitMix64's finaliser), so
     * that (seed, epoch) and (seed, epoch, index) give unrelated streams.
     */
    public static long mix(long seed, long a, long b) {
        long z = seed;
        z = mix64(z + 0x9E3779B97F4A7C15L * (a + 1));
        z = mix64(z + 0x9E3779B97F4A7C15L * (b + 1));
        return z;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
