package dev.jnn.core;

import java.util.SplittableRandom;

/**
 * A seeded source of random numbers for weight init, shuffling, dropout and augmentation.
 *
 * <p>Backed by {@link SplittableRandom} (SplitMix64), whose sequence for a seed is fixed by its
 * specification, so a seed gives the same numbers on every JDK and machine. Normal variates use the
 * Box–Muller transform. Not thread-safe: give each thread its own (see {@link #split()}).
 */
public final class Generator {
    private static Generator global = new Generator(0);

    private SplittableRandom random;
    private long seed;
    private double spareNormal;
    private boolean hasSpare;

    /** A generator with the given seed. */
    public Generator(long seed) {
        manualSeed(seed);
    }

    /** The process-wide default generator, like PyTorch's default CPU generator. */
    public static synchronized Generator global() {
        return global;
    }

    /** Re-seeds the process-wide default generator, like {@code torch.manual_seed}. */
    public static synchronized void seedGlobal(long seed) {
        global = new Generator(seed);
    }

    /** Restarts this generator's sequence from {@code seed}. */
    public void manualSeed(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.hasSpare = false;
    }

    /** The seed this generator was last seeded with. */
    public long seed() {
        return seed;
    }

    /** An independent generator derived from this one's sequence. */
    public Generator split() {
        return new Generator(random.nextLong());
    }

    /** A uniform float in [0, 1). */
    public float nextFloat() {
        return (float) random.nextDouble();
    }

    /** A uniform double in [0, 1). */
    public double nextDouble() {
        return random.nextDouble();
    }

    /** A uniform int in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** A uniform long. */
    public long nextLong() {
        return random.nextLong();
    }

    /** A standard normal variate. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareNormal;
        }
        double u1;
        do {
            u1 = random.nextDouble();
        } while (u1 <= 0.0);
        double u2 = random.nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spareNormal = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** Fills {@code out} with uniform values in [low, high). */
    public void fillUniform(float[] out, float low, float high) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (low + (high - low) * random.nextDouble());
        }
    }

    /** Fills {@code out} with normal values of the given mean and standard deviation. */
    public void fillNormal(float[] out, float mean, float std) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (mean + std * nextGaussian());
        }
    }
}
