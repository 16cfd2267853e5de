package dev.jnn.data;

import dev.jnn.data.internal.BufferPool;
import java.util.Objects;

/**
 * One mini-batch of images and labels as plain arrays, ready to be copied into tensors.
 *
 * <p>{@link #images()} holds exactly {@code size*channels*height*width} floats, N×C×H×W row-major;
 * {@link #labels()} holds {@code size} class indices; {@link #indices()} says which samples of the
 * loader's data set they are (positions in that data set), which is what seeded augmentation keys on.
 *
 * <p><b>Buffers.</b> A {@link DataLoader} fills full batches from a small pool of reusable float
 * arrays. When the step no longer needs a batch (typically right after copying it into a tensor),
 * call {@link #release()} to hand its image array back; the loader then reuses it instead of
 * allocating. Releasing is optional: an unreleased batch is simply garbage-collected. A batch must
 * not be read after it is released. Transforms change {@link #images()} in place.
 */
public final class Batch {
    private final float[] images;
    private final int[] labels;
    private final int[] indices;
    private final int size;
    private final int channels;
    private final int height;
    private final int width;
    private final int epoch;
    private final int index;
    private final BufferPool pool;
    private boolean released;

    /**
     * A batch over the given arrays (not copied).
     *
     * @param images {@code size*channels*height*width} floats, N×C×H×W
     * @param labels {@code size} labels
     * @param indices {@code size} sample positions in the source data set
     * @param size number of samples N
     * @param channels channels C
     * @param height height H
     * @param width width W
     * @param epoch the epoch this batch belongs to (keys seeded augmentation)
     * @param index the batch's position in its epoch
     */
    public Batch(float[] images, int[] labels, int[] indices, int size, int channels, int height, int width,
            int epoch, int index) {
        this(images, labels, indices, size, channels, height, width, epoch, index, null);
    }

    Batch(float[] images, int[] labels, int[] indices, int size, int channels, int height, int width, int epoch,
            int index, BufferPool pool) {
        if (size < 0 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("bad batch shape " + size + "x" + channels + "x" + height + "x" + width);
        }
        if (images.length != size * channels * height * width || labels.length != size || indices.length != size) {
            throw new IllegalArgumentException("batch arrays do not match " + size + "x" + channels + "x" + height
                    + "x" + width + ": images " + images.length + ", labels " + labels.length + ", indices "
                    + indices.length);
        }
        this.images = images;
        this.labels = Objects.requireNonNull(labels);
        this.indices = Objects.requireNonNull(indices);
        this.size = size;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.epoch = epoch;
        this.index = index;
        this.pool = pool;
    }

    /** The pixels, {@code size*channels*height*width} floats, N×C×H×W row-major. */
    public float[] images() {
        return images;
    }

    /** The labels, one class index per sample. */
    public int[] labels() {
        return labels;
    }

    /** Which samples these are: positions in the data set the loader reads. */
    public int[] indices() {
        return indices;
    }

    /** Number of samples N. */
    public int size() {
        return size;
    }

    /** Channels C. */
    public int channels() {
        return channels;
    }

    /** Height H. */
    public int height() {
        return height;
    }

    /** Width W. */
    public int width() {
        return width;
    }

    /** The epoch this batch belongs to. */
    public int epoch() {
        return epoch;
    }

    /** The batch's position in its epoch (0-based). */
    public int index() {
        return index;
    }

    /**
     * Hands the image array back to the loader's pool for reuse. Idempotent; afterwards the batch must
     * not be read. A batch not built by a loader has nothing to hand back.
     */
    public synchronized void release() {
        if (!released && pool != null) {
            pool.give(images);
        }
        released = true;
    }
}
