package dev.jnn.data.transforms;

import dev.jnn.data.Batch;
import dev.jnn.data.internal.Shuffle;
import java.util.SplittableRandom;

/**
 * Rotates each image about its centre by a random angle, uniform in ±{@code maxDegrees}
 * (counter-clockwise for positive angles, as torchvision's {@code RandomRotation}); pixels from
 * outside the image take the value {@code fill}.
 *
 * <p>Seeded and reproducible: a sample's angle depends only on ({@code seed}, epoch, the sample's
 * index in the data set), drawn from {@code SplittableRandom(mix(seed, epoch, index))}. Put it before
 * {@link ToTensor}, as torchvision applies augmentation to the uint8 image.
 */
public final class RandomRotation implements Transform {
    private final double maxDegrees;
    private final Interpolation interpolation;
    private final long seed;
    private final float fill;

    /** Rotation by up to ±{@code maxDegrees}, filling with 0. */
    public RandomRotation(double maxDegrees, Interpolation interpolation, long seed) {
        this(maxDegrees, interpolation, seed, 0f);
    }

    /** Rotation by up to ±{@code maxDegrees}, filling with {@code fill}. */
    public RandomRotation(double maxDegrees, Interpolation interpolation, long seed, float fill) {
        if (!(maxDegrees >= 0 && maxDegrees <= 180)) {
            throw new IllegalArgumentException("RandomRotation: maxDegrees must be in [0, 180], got " + maxDegrees);
        }
        this.maxDegrees = maxDegrees;
        this.interpolation = java.util.Objects.requireNonNull(interpolation, "interpolation");
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
            double degrees = (2 * r.nextDouble() - 1) * maxDegrees;
            for (int c = 0; c < batch.channels(); c++) {
                int off = (n * batch.channels() + c) * plane;
                System.arraycopy(x, off, src, 0, plane);
                rotate(src, x, off, h, w, degrees, interpolation, fill);
            }
        }
    }

    /**
     * Writes {@code src} rotated counter-clockwise by {@code degrees} about the image centre into
     * {@code dst[off..]}. Each output pixel looks up its source by the inverse rotation.
     */
    static void rotate(float[] src, float[] dst, int off, int h, int w, double degrees, Interpolation mode,
            float fill) {
        double a = Math.toRadians(degrees);
        double cos = Math.cos(a);
        double sin = Math.sin(a);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        for (int y = 0; y < h; y++) {
            double dy = y - cy;
            for (int xx = 0; xx < w; xx++) {
                double dx = xx - cx;
                // y points down, so a counter-clockwise turn by a maps (dx, dy) to
                // (cos*dx + sin*dy, -sin*dx + cos*dy); its inverse gives the source.
                double sx = cos * dx - sin * dy + cx;
                double sy = sin * dx + cos * dy + cy;
                dst[off + y * w + xx] = mode == Interpolation.NEAREST
                        ? nearest(src, h, w, sx, sy, fill)
                        : bilinear(src, h, w, sx, sy, fill);
            }
        }
    }

    private static float nearest(float[] src, int h, int w, double sx, double sy, float fill) {
        int ix = (int) Math.round(sx);
        int iy = (int) Math.round(sy);
        return ix >= 0 && ix < w && iy >= 0 && iy < h ? src[iy * w + ix] : fill;
    }

    private static float bilinear(float[] src, int h, int w, double sx, double sy, float fill) {
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        double top = (1 - fx) * at(src, h, w, x0, y0, fill) + fx * at(src, h, w, x0 + 1, y0, fill);
        double bottom = (1 - fx) * at(src, h, w, x0, y0 + 1, fill) + fx * at(src, h, w, x0 + 1, y0 + 1, fill);
        return (float) ((1 - fy) * top + fy * bottom);
    }

    private static float at(float[] src, int h, int w, int x, int y, float fill) {
        return x >= 0 && x < w && y >= 0 && y < h ? src[y * w + x] : fill;
    }

    @Override
    public String toString() {
        return "RandomRotation(" + maxDegrees + ", " + interpolation + ", seed=" + seed + ")";
    }
}
