package dev.jnn.data;

import java.util.Arrays;
import java.util.Objects;
import dev.jnn.data.internal.Shuffle;
import java.util.SplittableRandom;

/**
 * A labelled image data set kept as uint8 in memory: {@code size()} images of
 * {@code channels×height×width} pixels, each with a class label in {@code [0, numClasses)}.
 *
 * <p>Immutable. A {@link #subset(int[]) subset} or {@link #split(double, long) split} is a view that
 * shares the pixel array; nothing is copied. Pixels become floats one batch at a time in
 * {@link DataLoader}.
 */
public final class ImageDataset {
    private final String name;
    private final byte[] pixels;
    private final byte[] labels;
    private final int[] indices; // null: the identity map over the whole arrays
    private final int size;
    private final int channels;
    private final int height;
    private final int width;
    private final int numClasses;

    private ImageDataset(String name, byte[] pixels, byte[] labels, int[] indices, int size, int channels,
            int height, int width, int numClasses) {
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.indices = indices;
        this.size = size;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.numClasses = numClasses;
    }

    /**
     * A data set over the given arrays (not copied: the caller must not change them afterwards).
     *
     * @param name a short name for messages, e.g. {@code "mnist-train"}
     * @param pixels {@code n*channels*height*width} uint8 pixels, N×C×H×W row-major
     * @param labels {@code n} labels, each in {@code [0, numClasses)}
     * @throws IllegalArgumentException if the sizes disagree or a label is out of range
     */
    public static ImageDataset of(String name, byte[] pixels, byte[] labels, int channels, int height, int width,
            int numClasses) {
        Objects.requireNonNull(name, "name");
        if (channels < 1 || height < 1 || width < 1 || numClasses < 1 || numClasses > 256) {
            throw new IllegalArgumentException(name + ": bad shape " + channels + "x" + height + "x" + width
                    + " or class count " + numClasses);
        }
        long sample = (long) channels * height * width;
        if (pixels.length != sample * labels.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels need " + sample * labels.length
                    + " pixels of " + channels + "x" + height + "x" + width + ", got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xFF) >= numClasses) {
                throw new IllegalArgumentException(name + ": label " + (labels[i] & 0xFF) + " at index " + i
                        + " is outside 0.." + (numClasses - 1));
            }
        }
        return new ImageDataset(name, pixels, labels, null, labels.length, channels, height, width, numClasses);
    }

    /** A short name for messages, e.g. {@code "mnist-train"}. */
    public String name() {
        return name;
    }

    /** Number of samples. */
    public int size() {
        return size;
    }

    /** Channels per image (1 for MNIST). */
    public int channels() {
        return channels;
    }

    /** Image height in pixels. */
    public int height() {
        return height;
    }

    /** Image width in pixels. */
    public int width() {
        return width;
    }

    /** Number of pixels of one image, {@code channels*height*width}. */
    public int sampleSize() {
        return channels * height * width;
    }

    /** Number of classes; labels are in {@code [0, numClasses)}. */
    public int numClasses() {
        return numClasses;
    }

    /** The label of sample {@code i}. */
    public int label(int i) {
        return labels[source(i)] & 0xFF;
    }

    /** Pixel {@code p} (0..sampleSize-1, C×H×W order) of sample {@code i}, as 0..255. */
    public int pixel(int i, int p) {
        Objects.checkIndex(p, sampleSize());
        return pixels[source(i) * sampleSize() + p] & 0xFF;
    }

    /**
     * All images as floats, one row of {@code sampleSize()} per sample, scaled by {@code scale}
     * (use {@code 1/255f} for [0, 1]); for preprocessing that is fitted on a whole split.
     */
    public float[] toFloatArray(float scale) {
        int d = sampleSize();
        float[] out = new float[size * d];
        for (int i = 0; i < size; i++) {
            int from = source(i) * d;
            for (int p = 0; p < d; p++) {
                out[i * d + p] = (pixels[from + p] & 0xFF) * scale;
            }
        }
        return out;
    }

    /** All labels, as ints. */
    public int[] labels() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = label(i);
        }
        return out;
    }

    /**
     * The samples at {@code positions} (indices into this data set, in that order; repeats allowed).
     * Shares the pixels.
     */
    public ImageDataset subset(int[] positions) {
        int[] map = new int[positions.length];
        for (int k = 0; k < positions.length; k++) {
            map[k] = source(Objects.checkIndex(positions[k], size));
        }
        return new ImageDataset(name, pixels, labels, map, map.length, channels, height, width, numClasses);
    }

    /**
     * Splits into a training and a validation part, disjoint and together covering this set.
     *
     * <p>A Fisher–Yates permutation from {@code SplittableRandom(seed)} picks
     * {@code round(validationFraction*size())} samples for validation; each part keeps file order,
     * so an unshuffled loader reads it in the order of the file.
     *
     * @param validationFraction in [0, 1]
     */
    public Split split(double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction <= 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1], got " + validationFraction);
        }
        int nVal = (int) Math.round(validationFraction * size);
        int[] perm = Shuffle.permutation(size, new SplittableRandom(seed));
        int[] val = Arrays.copyOfRange(perm, 0, nVal);
        int[] train = Arrays.copyOfRange(perm, nVal, size);
        Arrays.sort(val);
        Arrays.sort(train);
        return new Split(new ImageDataset(name + "-train", pixels, labels, mapAll(train), train.length, channels,
                height, width, numClasses),
                new ImageDataset(name + "-val", pixels, labels, mapAll(val), val.length, channels, height, width,
                        numClasses));
    }

    private int[] mapAll(int[] positions) {
        for (int k = 0; k < positions.length; k++) {
            positions[k] = source(positions[k]);
        }
        return positions;
    }

    /** The index of sample {@code i} in the underlying arrays. */
    int source(int i) {
        Objects.checkIndex(i, size);
        return indices == null ? i : indices[i];
    }

    byte[] rawPixels() {
        return pixels;
    }

    byte[] rawLabels() {
        return labels;
    }

    @Override
    public String toString() {
        return name + " (" + size + " images of " + channels + "x" + height + "x" + width + ", " + numClasses
                + " classes)";
    }

    /**
     * A training/validation split of one data set.
     *
     * @param train the training part
     * @param validation the validation part, disjoint from {@code train}
     */
    public record Split(ImageDataset train, ImageDataset validation) {}
}
