package dev.jnn.data.transforms;

import java.util.Arrays;

/**
 * Per-channel normalisation {@code (x - mean[c]) / std[c]} in float, like torchvision's
 * {@code Normalize}. MNIST's usual values are {@code Normalize.of(0.1307f, 0.3081f)}; the seeds that
 * scale to [-1, 1] use {@code Normalize.of(0.5f, 0.5f)}.
 */
public final class Normalize implements PixelTransform {
    private final float[] mean;
    private final float[] std;

    /**
     * Normalisation with one mean and standard deviation per channel (one value each applies to
     * every channel).
     *
     * @throws IllegalArgumentException if the lengths differ or a std is not positive
     */
    public Normalize(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Normalize: need as many means as stds (at least one), got "
                    + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("Normalize: std must be positive, got " + Arrays.toString(std));
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Normalisation with one mean and std for all channels. */
    public static Normalize of(float mean, float std) {
        return new Normalize(new float[] {mean}, new float[] {std});
    }

    /** MNIST's mean and standard deviation over the training set, {@code (0.1307, 0.3081)}. */
    public static Normalize mnist() {
        return of(0.1307f, 0.3081f);
    }

    /** Scaling from [0, 1] to [-1, 1], {@code (0.5, 0.5)}. */
    public static Normalize symmetric() {
        return of(0.5f, 0.5f);
    }

    /** The means, one per channel (or one for all). */
    public float[] mean() {
        return mean.clone();
    }

    /** The standard deviations, one per channel (or one for all). */
    public float[] std() {
        return std.clone();
    }

    @Override
    public float apply(float value, int channel) {
        int c = mean.length == 1 ? 0 : channel;
        if (c >= mean.length) {
            throw new IllegalArgumentException("Normalize has " + mean.length + " channels, image channel " + channel);
        }
        return (value - mean[c]) / std[c];
    }

    @Override
    public String toString() {
        return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
