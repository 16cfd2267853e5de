package dev.jnn.data;

import dev.jnn.core.BackendScope;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.data.internal.BufferPool;
import java.util.Objects;

/**
 * One mini-batch: images and labels as tensors for the model, and as plain arrays for transforms
 * and pictures.
 *
 * <pre>{@code
 * for (Batch b : loader.epoch(e)) {                 // each batch is one step
 *     Tensor loss = criterion.apply(model.call(b.images()), b.labels());
 *     ...
 * }                                                 // the step's tensors are freed at the next batch
 * }</pre>
 *
 * <p><b>Tensors.</b> {@link #images()} is an [N, C, H, W] tensor and {@link #labels()} an [N]
 * tensor of class indices (integer-valued floats, what {@code CrossEntropyLoss} takes), made on first
 * use on the loader's backend ({@link DataLoader.Builder#backend}), else the current
 * {@link BackendScope}'s, and freed when the batch is closed.
 *
 * <p><b>The step.</b> An {@link Epoch} opens a {@link MemoryScope} when it hands a batch out and
 * closes the batch, scope included, when the next one is asked for or the epoch ends: every tensor
 * the step made (activations, the loss, gradients of intermediates) goes back to the backend's
 * cache then, without a scope in user code. Parameters, their gradients and optimizer state live
 * outside scopes and stay. To keep a step's tensor longer, pass it through {@link #keep}; closing
 * a batch yourself ({@code try (b) {...}}) ends its step early.
 *
 * <p><b>Arrays.</b> {@link #imageArray()} holds exactly {@code size*channels*height*width} floats,
 * N×C×H×W row-major; {@link #labelArray()} holds {@code size} class indices; {@link #indices()}
 * says which samples of the loader's data set they are (what seeded augmentation keys on).
 * Transforms change the image array in place. A loader fills full batches from a small pool of
 * reusable arrays: {@link #release()} hands the array back as soon as it was copied (closing does it
 * too), after which the arrays must not be read.
 */
public final class Batch implements AutoCloseable {
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
    private final Backend backend;
    private boolean released;
    private boolean closed;
    private Tensor imageTensor;
    private Tensor labelTensor;
    /** The step's scope, when an epoch opened one for this batch. */
    private MemoryScope step;
    private Thread stepThread;

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
        this(images, labels, indices, size, channels, height, width, epoch, index, null, null);
    }

    Batch(float[] images, int[] labels, int[] indices, int size, int channels, int height, int width, int epoch,
            int index, BufferPool pool, Backend backend) {
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
        this.backend = backend;
    }

    /**
     * The images as an [N, C, H, W] tensor, made on the first call (on the loader's backend, else
     * the current {@link BackendScope}'s) and freed when the batch closes.
     *
     * @throws IllegalStateException if the batch is closed, or released before the tensor was made
     */
    public synchronized Tensor images() {
        if (imageTensor == null) {
            checkReadable("images()");
            Backend b = tensorBackend();
            imageTensor = MemoryScope.persistent(() -> Tensor.of(b, images, Shape.of(size, channels, height, width)));
        }
        return imageTensor;
    }

    /**
     * The labels as an [N] tensor of class indices (integer-valued floats, what
     * {@code CrossEntropyLoss} takes), on the same backend as {@link #images()}; freed with the batch.
     */
    public synchronized Tensor labels() {
        if (labelTensor == null) {
            checkReadable("labels()");
            Backend b = tensorBackend();
            float[] f = new float[size];
            for (int i = 0; i < size; i++) f[i] = labels[i];
            labelTensor = MemoryScope.persistent(() -> Tensor.of(b, f, Shape.of(size)));
        }
        return labelTensor;
    }

    /**
     * Keeps {@code t}, made during this batch's step, alive after the step (a running total, a
     * prediction to show later): it moves out of the step's scope and is freed when unreachable or
     * released. Returns {@code t}.
     */
    public Tensor keep(Tensor t) {
        if (step != null) step.keep(t);
        return t;
    }

    /** The pixels, {@code size*channels*height*width} floats, N×C×H×W row-major. */
    public float[] imageArray() {
        return images;
    }

    /** The labels, one class index per sample. */
    public int[] labelArray() {
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
     * Hands the image array back to the loader's pool for reuse. Idempotent; afterwards the arrays
     * must not be read (tensors already made stay valid until {@link #close()}). A batch not built by
     * a loader has nothing to hand back.
     */
    public synchronized void release() {
        if (!released && pool != null) {
            pool.give(images);
        }
        released = true;
    }

    /**
     * Ends the batch: releases the arrays, frees its tensors and ends its step (the tensors made in
     * it go back to the backend, unless {@linkplain #keep kept}). Idempotent. The epoch calls it when
     * the next batch is asked for.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        release();
        if (step != null && Thread.currentThread() == stepThread) step.close();
        step = null;
        if (imageTensor != null) imageTensor.storage().release();
        if (labelTensor != null) labelTensor.storage().release();
    }

    /** Opens this batch's step: what is allocated on this thread until {@link #close()} is freed then. */
    synchronized void openStep() {
        step = MemoryScope.open();
        stepThread = Thread.currentThread();
    }

    /** The loader's backend, else the current scope's. */
    private Backend tensorBackend() {
        return backend != null ? backend : BackendScope.current();
    }

    private void checkReadable(String what) {
        if (closed) throw new IllegalStateException("batch " + index + " of epoch " + epoch + " is closed: " + what
                + " must be called during its step");
        if (released) throw new IllegalStateException("batch " + index + " of epoch " + epoch + " was released before "
                + what + " was first called: make the tensors before release()");
    }
}
