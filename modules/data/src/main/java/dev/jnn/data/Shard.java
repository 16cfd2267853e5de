package dev.jnn.data;

/**
 * The part of every epoch that one process of a data-parallel run reads, as PyTorch's
 * {@code DistributedSampler} cuts it: every process draws the same seeded permutation of the whole
 * data set, pads it by repeating its first samples (or, with {@code dropTail}, cuts it) to a multiple
 * of {@code count}, and takes every {@code count}-th sample starting at {@code rank}.
 *
 * <p>So batch {@code k} of the {@code count} processes, each reading batches of {@code b}, holds
 * between them exactly the samples of batch {@code k} of one process reading batches of
 * {@code count·b} (when the data set size is a multiple of {@code count}): the same global batches,
 * only split.
 *
 * <pre>{@code
 * DataLoader rank1of2 = DataLoader.builder(train).batchSize(32).shuffle(true).seed(1)
 *         .shard(new Shard(1, 2, false)).build();   // with rank 0: the global batches of 64
 * }</pre>
 *
 * @param rank which part, in {@code [0, count)}
 * @param count how many parts (the world size), at least 1
 * @param dropTail cut the epoch to a multiple of {@code count} instead of padding it
 */
public record Shard(int rank, int count, boolean dropTail) {
    /** The whole data set: one part. */
    public static final Shard WHOLE = new Shard(0, 1, false);

    public Shard {
        if (count < 1) throw new IllegalArgumentException("shard count (world size) must be at least 1, got " + count);
        if (rank < 0 || rank >= count) {
            throw new IllegalArgumentException("shard rank must be in [0, " + count + "), got " + rank);
        }
    }

    /** Samples this part reads of a data set of {@code n}: {@code ceil(n / count)}, or {@code floor} with dropTail. */
    public int size(int n) {
        if (n < 0) throw new IllegalArgumentException("data set size must be >= 0, got " + n);
        return dropTail ? n / count : (int) ((n + (long) count - 1) / count);
    }

    /**
     * The samples of {@code order} (an epoch's order over the whole data set) this part reads:
     * {@code order[(i·count + rank) mod n]} for {@code i < size(n)}; the modulo is the padding.
     */
    public int[] select(int[] order) {
        int n = order.length;
        int size = size(n);
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = order[(int) (((long) i * count + rank) % n)];
        }
        return out;
    }
}
