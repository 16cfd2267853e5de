package dev.jnn.data;

import dev.jnn.core.spi.Backend;
import dev.jnn.data.internal.BufferPool;
import dev.jnn.data.internal.Shuffle;
import dev.jnn.data.transforms.Compose;
import dev.jnn.data.transforms.PixelTransform;
import dev.jnn.data.transforms.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Reads an {@link ImageDataset} in mini-batches, like PyTorch's {@code DataLoader}: batch size,
 * seeded shuffling, drop-last, per-batch transforms, and background prefetch.
 *
 * <p><b>Order.</b> Without shuffling, samples come in data-set order. With shuffling, epoch
 * {@code e} reads the permutation drawn by Fisher–Yates from
 * {@code java.util.SplittableRandom(mix(seed, e))}, where {@code mix} is SplitMix64's finaliser, so
 * the order depends only on (seed, epoch, data-set size): the same seed gives the same order on every
 * machine, and {@link #epoch(int, int)} can resume an epoch at any batch. With a {@link Shard}
 * (data-parallel training), each process reads its part of that same order.
 *
 * <p><b>Prefetch.</b> With a prefetch depth above 0 (the default is 2), each {@link Epoch} starts one
 * daemon thread that builds batches ahead into a bounded queue, so the next batch is ready when the
 * step ends. The thread ends when the epoch is read to the end or closed (a loop that may stop early
 * closes its epoch with try-with-resources).
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.builder(Mnist.train(dir))
 *         .batchSize(64).shuffle(true).seed(42)
 *         .transforms(new ToTensor(), Normalize.mnist())
 *         .build();
 * for (Batch b : loader.epoch(0)) {      // one step per batch; its tensors are freed at the next
 *     Tensor loss = criterion.apply(model.call(b.images()), b.labels());
 *     ...
 * }
 * }</pre>
 *
 * <p>A loader is immutable and thread-safe; its epochs are not (one reader each).
 */
public final class DataLoader {
    private final ImageDataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final Shard shard;
    private final int prefetch;
    private final List<Transform> transforms;
    private final float[][] lut; // per channel: uint8 value -> float after the leading pixel transforms
    private final BufferPool pool;
    private final Backend backend;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.shard = b.shard;
        this.prefetch = b.prefetch;
        this.backend = b.backend;
        List<Transform> chain = b.transform == null ? List.of() : new Compose(List.of(b.transform)).transforms();
        int lead = 0;
        while (lead < chain.size() && chain.get(lead) instanceof PixelTransform) {
            lead++;
        }
        this.lut = lookupTable(chain.subList(0, lead), dataset.channels());
        this.transforms = List.copyOf(chain.subList(lead, chain.size()));
        this.pool = new BufferPool(batchSize * dataset.sampleSize(), prefetch + 2);
    }

    /** A builder reading {@code dataset}; defaults: batch 1, no shuffle, seed 0, keep last, prefetch 2. */
    public static Builder builder(ImageDataset dataset) {
        return new Builder(dataset);
    }

    /** The data set read. */
    public ImageDataset dataset() {
        return dataset;
    }

    /** Samples per batch (the last batch may be smaller unless drop-last). */
    public int batchSize() {
        return batchSize;
    }

    /** The part of each epoch this loader reads ({@link Shard#WHOLE} unless data-parallel). */
    public Shard shard() {
        return shard;
    }

    /** Number of batches per epoch (of this loader's shard). */
    public int numBatches() {
        int n = shard.size(dataset.size());
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The order in which epoch {@code epoch} reads the data set's samples (positions in it; its shard's only). */
    public int[] order(int epoch) {
        int n = dataset.size();
        int[] p;
        if (!shuffle) {
            p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
        } else {
            p = Shuffle.permutation(n, new SplittableRandom(Shuffle.mix(seed, epoch, 0)));
        }
        return shard.count() == 1 ? p : shard.select(p);
    }

    /** Reads epoch {@code epoch} from its first batch; the caller closes it. */
    public Epoch epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /**
     * Reads epoch {@code epoch} starting at batch {@code startBatch} (for resuming from a checkpoint):
     * the batches are exactly those an uninterrupted epoch would give from there on. The caller closes it.
     */
    public Epoch epoch(int epoch, int startBatch) {
        if (startBatch < 0 || startBatch > numBatches()) {
            throw new IllegalArgumentException("start batch " + startBatch + " is outside 0.." + numBatches());
        }
        return new Epoch(this, epoch, startBatch, order(epoch), prefetch);
    }

    /** Builds batch {@code b} of an epoch whose order is {@code order}. */
    Batch build(int epoch, int[] order, int b) {
        int from = b * batchSize;
        int n = Math.min(batchSize, order.length - from);
        int d = dataset.sampleSize();
        int plane = dataset.height() * dataset.width();
        float[] images = n == batchSize ? pool.take() : new float[n * d];
        int[] labels = new int[n];
        int[] indices = new int[n];
        byte[] pixels = dataset.rawPixels();
        for (int k = 0; k < n; k++) {
            int pos = order[from + k];
            int src = dataset.source(pos) * d;
            indices[k] = pos;
            labels[k] = dataset.label(pos);
            for (int c = 0; c < lut.length; c++) {
                float[] table = lut[c];
                int o = k * d + c * plane;
                int s = src + c * plane;
                for (int p = 0; p < plane; p++) {
                    images[o + p] = table[pixels[s + p] & 0xFF];
                }
            }
        }
        Batch batch = new Batch(images, labels, indices, n, dataset.channels(), dataset.height(), dataset.width(),
                epoch, b, n == batchSize ? pool : null, backend);
        for (Transform t : transforms) {
            t.apply(batch);
        }
        return batch;
    }

    private static float[][] lookupTable(List<Transform> pixelTransforms, int channels) {
        float[][] lut = new float[channels][256];
        for (int c = 0; c < channels; c++) {
            for (int v = 0; v < 256; v++) {
                float x = v;
                for (Transform t : pixelTransforms) {
                    x = ((PixelTransform) t).apply(x, c);
                }
                lut[c][v] = x;
            }
        }
        return lut;
    }

    BufferPool pool() {
        return pool;
    }

    /** Settings of a {@link DataLoader}. */
    public static final class Builder {
        private final ImageDataset dataset;
        private int batchSize = 1;
        private boolean shuffle;
        private long seed;
        private boolean dropLast;
        private Shard shard = Shard.WHOLE;
        private int prefetch = 2;
        private Transform transform;
        private Backend backend;

        private Builder(ImageDataset dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
        }

        /** Samples per batch, at least 1. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Whether to read each epoch in a fresh seeded random order (false: data-set order). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** The seed of the shuffling order. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to drop the last batch when it is smaller than the batch size. */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /**
         * Reads only {@code shard}'s part of each epoch (data-parallel training: one part per
         * process, the same seed on all); {@link Shard#WHOLE} by default.
         */
        public Builder shard(Shard shard) {
            this.shard = Objects.requireNonNull(shard, "shard");
            return this;
        }

        /** Batches built ahead on a background thread; 0 builds each batch on the caller's thread. */
        public Builder prefetch(int depth) {
            if (depth < 0) {
                throw new IllegalArgumentException("prefetch depth must be >= 0, got " + depth);
            }
            this.prefetch = depth;
            return this;
        }

        /** The transform applied to each batch (use {@link Compose} for several); null for none. */
        public Builder transform(Transform transform) {
            this.transform = transform;
            return this;
        }

        /** The transforms applied to each batch, in order. */
        public Builder transforms(Transform... transforms) {
            this.transform = transforms.length == 0 ? null : new Compose(new ArrayList<>(List.of(transforms)));
            return this;
        }

        /**
         * The backend that batches' {@link Batch#images()} and {@link Batch#labels()} tensors are made
         * on; by default (null) the current {@code BackendScope}'s when a batch's tensor is first asked for.
         */
        public Builder backend(Backend backend) {
            this.backend = backend;
            return this;
        }

        /** The loader. */
        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
