package dev.jnn.data.transforms;

import dev.jnn.data.Batch;
import dev.jnn.data.internal.Shuffle;
import java.util.SplittableRandom;

/**
 * Shifts each image by a random whole number of pixels, up to {@code maxPixels} in each direction
 * (like torchvision's {@code RandomAffine(0, translate=...)} with integer offsets); pixels shifted in
 * take the value {@code fill}.
 *
 * <p>Seeded and reproducible: the offsets of a sample depend only on ({@code seed}, epoch, the
 * sample's index in the data set), drawn from {@code SplittableRandom(mix(seed, epoch, index))}. Put
 * it before {@link ToTensor}, as torchvision applies augmentation to the uint8 image; then a fill of
 * 0 is black.
 */
public final class RandomShift implements Transform {
    private final int maxPixels;
    private final long seed;
    private final float fill;

    /** Shifts by up to ±{@code maxPixels} in x and y, filling with 0. */
    public RandomShift(int maxPixels, long seed) {
        this(maxPixels, seed, 0f);
    }

    /** Shifts by up to ±{@code maxPixels} in x and y, filling with {@code fill}. */
    public RandomShift(int maxPixels, long seed, float fill) {
        if (maxPixels < 0) {
            throw new IllegalArgumentException("RandomShift: maxPixels must be >= 0, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
        this.seed = seed;
        this.fill = fill;
    }

    @Override
    public void apply(Batch batch) {
        int h = batch.height();
        int w = batch.width();
        int plane = h * w;
        float[] x = batch.imageArray();
        float[] src = new float[plane];
        for (int n = 0; n < batch.size(); n++) {
            SplittableRandom r = new SplittableRandom(Shuffle.mix(seed, batch.epoch(), batch.indices()[n]));
            int dx = r.nextInt(-maxPixels, maxPixels + 1);
            int dy = r.nextInt(-maxPixels, maxPixels + 1);
            for (int c = 0; c < batch.channels(); c++) {
                int off = (n * batch.channels() + c) * plane;
                System.arraycopy(x, off, src, 0, plane);
                shift(src, x, off, h, w, dx, dy, fill);
            }
        }
    }

    /** Writes {@code src} shifted right by {@code dx} and down by {@code dy} into {@code dst[off..]}. */
    static void shift(float[] src, float[] dst, int off, int h, int w, int dx, int dy, float fill) {
        for (int y = 0; y < h; y++) {
            int sy = y - dy;
            for (int xx = 0; xx < w; xx++) {
                int sx = xx - dx;
                dst[off + y * w + xx] = sy >= 0 && sy < h && sx >= 0 && sx < w ? src[sy * w + sx] : fill;
            }
        }
    }

    @Override
    public String toString() {
        return "RandomShift(" + maxPixels + ", seed=" + seed + ")";
    }
}
