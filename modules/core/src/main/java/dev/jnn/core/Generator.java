package dev.jnn.core;

/**
 * A seeded source of random numbers for weight init, shuffling, dropout and augmentation.
 *
 * <p>SplitMix64, the algorithm of {@link java.util.SplittableRandom}, written out here so that its
 * state can be saved and restored (checkpoints): a seed gives exactly the numbers
 * {@code new SplittableRandom(seed)} gives, on every JDK and machine. Normal variates use the
 * Box–Muller transform. Not thread-safe: give each thread its own (see {@link #split()}).
 */
public final class Generator {
    /** SplittableRandom's GOLDEN_GAMMA: the increment of a generator made from a seed. */
    private static final long GAMMA = 0x9e3779b97f4a7c15L;

    private static Generator global = new Generator(0);

    private long state;
    private long seed;
    private double spareNormal;
    private boolean hasSpare;

    /**
     * Everything that decides a generator's future numbers, for checkpoints.
     *
     * @param seed        the seed it was last seeded with
     * @param position    SplitMix64's state word
     * @param spareNormal the second Box–Muller variate, when {@code hasSpare}
     * @param hasSpare    whether the next normal variate is {@code spareNormal}
     */
    public record State(long seed, long position, double spareNormal, boolean hasSpare) {
    }

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
        this.state = seed;
        this.hasSpare = false;
    }

    /** This generator's state; {@link #restore} continues from it. */
    public State state() {
        return new State(seed, state, spareNormal, hasSpare);
    }

    /** Continues the sequence from a saved {@link #state()}. */
    public void restore(State s) {
        this.seed = s.seed();
        this.state = s.position();
        this.spareNormal = s.spareNormal();
        this.hasSpare = s.hasSpare();
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    private int nextRawInt() {
        return mix32(state += GAMMA);
    }

    /** The seed this generator was last seeded with. */
    public long seed() {
        return seed;
    }

    /** An independent generator derived from this one's sequence. */
    public Generator split() {
        return new Generator(nextLong());
    }

    /** A uniform float in [0, 1). */
    public float nextFloat() {
        return (float) nextDouble();
    }

    /** A uniform double in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** A uniform int in [0, bound); the rejection loop of {@code RandomGenerator.nextInt(int)}. */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        int r = nextRawInt();
        int m = bound - 1;
        if ((bound & m) == 0) return r & m;
        for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextRawInt() >>> 1) {
            // Rejects the values that would make the result non-uniform.
        }
        return r;
    }

    /** A uniform long. */
    public long nextLong() {
        return mix64(state += GAMMA);
    }

    /** A standard normal variate. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareNormal;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 <= 0.0);
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spareNormal = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** Fills {@code out} with uniform values in [low, high). */
    public void fillUniform(float[] out, float low, float high) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (low + (high - low) * nextDouble());
        }
    }

    /** Fills {@code out} with normal values of the given mean and standard deviation. */
    public void fillNormal(float[] out, float mean, float std) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (mean + std * nextGaussian());
        }
    }
}
